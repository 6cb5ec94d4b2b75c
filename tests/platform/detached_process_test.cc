#include "platform/detached_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <string>

#include "tests/support/temp_dir.h"

namespace ua {
namespace {

using ua::testing::TempDir;

// Everything the detached program writes into `fifo` until it closes it. Opening a FIFO for
// reading blocks until the program opens it for writing: the read is the synchronisation.
std::string ReadFifo(const std::filesystem::path& fifo) {
  const int fd = ::open(fifo.c_str(), O_RDONLY | O_CLOEXEC);
  REQUIRE(fd >= 0);
  std::string out;
  char buf[4096];
  ssize_t n;
  while ((n = ::read(fd, buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
  ::close(fd);
  return out;
}

std::filesystem::path MakeFifo(const TempDir& dir) {
  auto fifo = dir / "report";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  return fifo;
}

TEST_CASE("A detached program runs in its own session, not as our child", "[detached]") {
  TempDir dir;
  auto fifo = MakeFifo(dir);
  // The program reports its session id and parent, then holds the FIFO open no longer.
  auto pid = SpawnDetached(
      {"/bin/sh", "-c", "echo \"$(cut -d' ' -f6 /proc/$$/stat) $PPID\" > '" + fifo.string() + "'"},
      {});
  REQUIRE(pid.ok());
  const std::string report = ReadFifo(fifo);
  const pid_t session = std::stoi(report.substr(0, report.find(' ')));
  const pid_t parent = std::stoi(report.substr(report.find(' ') + 1));
  CHECK(session != ::getsid(0));  // setsid: a session of its own
  CHECK(parent != ::getpid());
  // Not our child: there is nothing for us to reap.
  CHECK(::waitpid(pid->pid, nullptr, WNOHANG) == -1);
  CHECK(errno == ECHILD);
}

TEST_CASE("A detached program inherits only stdin, stdout and stderr", "[detached]") {
  TempDir dir;
  // A descriptor of ours without close-on-exec, as a lock file or a pipe could be.
  const int leaky = ::open(dir.path().c_str(), O_RDONLY);
  REQUIRE(leaky >= 0);
  auto started =
      SpawnDetached({"/bin/ls", "/proc/self/fd"},
                    {.stderr_path = dir / "stderr.log", .cwd = dir.path(), .pipe_stdout = true});
  ::close(leaky);
  REQUIRE(started.ok());
  std::string fds;
  char buf[256];
  ssize_t n;
  while ((n = ::read(started->stdout_fd, buf, sizeof buf)) > 0) fds.append(buf, size_t(n));
  ::close(started->stdout_fd);
  // 0, 1 (the pipe), 2, and 3: the directory ls itself opened to list.
  CHECK(fds == "0\n1\n2\n3\n");
  CHECK(std::filesystem::exists(dir / "stderr.log"));
}

TEST_CASE("A detached program's stdout can be a pipe to its starter", "[detached]") {
  auto started = SpawnDetached({"/bin/sh", "-c", "echo hello; echo world"},
                               {.stderr_path = "", .cwd = "", .pipe_stdout = true});
  REQUIRE(started.ok());
  REQUIRE(started->stdout_fd >= 0);
  std::string out;
  char buf[256];
  ssize_t n;
  while ((n = ::read(started->stdout_fd, buf, sizeof buf)) > 0) out.append(buf, size_t(n));
  ::close(started->stdout_fd);
  CHECK(out == "hello\nworld\n");
}

TEST_CASE("A program that cannot be started is an error, not a dead process", "[detached]") {
  TempDir dir;
  auto missing = SpawnDetached({(dir / "no-such-program").string()}, {});
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.status().code() == StatusCode::kNotFound);
  CHECK(missing.status().message().find("no-such-program") != std::string::npos);
  CHECK_FALSE(SpawnDetached({}, {}).ok());
}

TEST_CASE("ProcessExists tells a live process from a reaped or a zombie one", "[detached]") {
  CHECK(ProcessExists(::getpid()));
  CHECK_FALSE(ProcessExists(0));
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) ::_exit(0);
  // Wait until it has exited but keep it unreaped: a zombie.
  siginfo_t info{};
  REQUIRE(::waitid(P_PID, static_cast<id_t>(child), &info, WEXITED | WNOWAIT) == 0);
  CHECK_FALSE(ProcessExists(child));
  REQUIRE(::waitpid(child, nullptr, 0) == child);
  CHECK_FALSE(ProcessExists(child));
}

TEST_CASE("CurrentExecutable names this test binary", "[detached]") {
  auto exe = CurrentExecutable();
  REQUIRE_FALSE(exe.empty());
  CHECK(exe.filename() == "ua_deploy_tests");
}

}  // namespace
}  // namespace ua
