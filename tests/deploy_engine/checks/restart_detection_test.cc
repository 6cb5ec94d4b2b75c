#include "deploy_engine/checks/restart_detection.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include <catch2/catch.hpp>

#include "platform/subprocess.h"
#include "tests/support/fake_proc.h"
#include "tests/support/temp_dir.h"

namespace ua::engine {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono;
using ua::testing::FakeProc;
using ua::testing::FakeProcess;
using ua::testing::TempDir;
using ua::testing::UserProcess;
using ua::testing::WriteFile;

constexpr char kServer[] = "import sys\nsys.stdin.read()\n";
// Fake pids lie above Linux's PID_MAX_LIMIT (2^22): never a real process, never this one.
constexpr pid_t kFake = 5'000'000;

// The interpreter itself, not `python3` on PATH: that may be a wrapper script (pyenv's shim)
// whose short-lived subshells carry the same command line and would be found too.
const std::string& Python() {
  static const std::string path = [] {
    SubprocessOptions o;
    o.argv = {"python3", "-c", "import os, sys; print(os.path.realpath(sys.executable))"};
    auto r = Subprocess::Run(o);
    REQUIRE(r.ok());
    REQUIRE(r->exit.success());
    std::string out = r->stdout_text;
    while (!out.empty() && out.back() == '\n') out.pop_back();
    return out;
  }();
  return path;
}

// A python3 that blocks on stdin, started in `cwd` with `args`; killed and reaped when the
// Subprocess goes out of scope. Returns once /proc shows the interpreter running.
Subprocess StartPython(const fs::path& cwd, std::vector<std::string> args) {
  SubprocessOptions o;
  o.argv = {Python()};
  o.argv.insert(o.argv.end(), args.begin(), args.end());
  o.cwd = cwd.string();
  auto child = Subprocess::Start(o);
  REQUIRE(child.ok());
  const fs::path exe = "/proc/" + std::to_string(child->pid()) + "/exe";
  const auto deadline = steady_clock::now() + seconds(10);
  std::error_code ec;
  while (fs::read_symlink(exe, ec) != Python()) {
    REQUIRE(steady_clock::now() < deadline);
    std::this_thread::sleep_for(milliseconds(5));
  }
  return std::move(child).value();
}

const RunningProcess* Find(const RestartCheck& check, int pid) {
  auto it = std::find_if(check.processes.begin(), check.processes.end(),
                         [&](const RunningProcess& p) { return p.pid == pid; });
  return it == check.processes.end() ? nullptr : &*it;
}

// One line per process, for failure messages.
std::string Describe(const RestartCheck& check) {
  std::string out = check.reason;
  for (const RunningProcess& p : check.processes) {
    out += "\n  pid " + std::to_string(p.pid) + " " + TargetUseName(p.why) + " " + p.path + ": " +
           p.command_line;
  }
  return out;
}

RunningProcess Running(int pid, std::string command_line, std::string started) {
  RunningProcess p;
  p.pid = pid;
  p.command_line = std::move(command_line);
  p.started = std::move(started);
  return p;
}

// <tmp>/app with a server.py, and <tmp>/app2 beside it: same prefix, another directory.
struct Production {
  TempDir tmp;
  fs::path app = tmp / "app";
  fs::path app2 = tmp / "app2";
  Production() {
    WriteFile(app / "server.py", kServer);
    WriteFile(app2 / "server.py", kServer);
  }
};

#ifdef __linux__
TEST_CASE("restart detection finds a process whose working directory is in the target",
          "[engine][restart]") {
  Production prod;
  Subprocess child = StartPython(prod.app, {"-c", "import sys; sys.stdin.read()"});

  RestartCheck check = FindProcessesUsing(prod.app);
  INFO(Describe(check));
  REQUIRE(check.status == RestartStatus::kRequired);
  CHECK(std::string(RestartStatusName(check.status)) == "required");
  REQUIRE(check.processes.size() == 1);
  CHECK(check.reason == "1 process uses " + prod.app.string());
  const RunningProcess& p = check.processes.front();
  CHECK(p.pid == child.pid());
  CHECK(p.why == TargetUse::kCwd);
  CHECK(std::string(TargetUseName(p.why)) == "cwd");
  CHECK(p.path == prod.app.string());
  CHECK_THAT(p.command_line, Catch::Contains("-c import sys; sys.stdin.read()"));

  auto started = ParseIsoUtc(p.started);
  REQUIRE(started.ok());
  CHECK(duration_cast<milliseconds>(started->time_since_epoch()).count() == p.started_unix_ms);
  // Boot time has whole seconds, start times clock ticks: a second either way is rounding.
  CHECK(*started <= system_clock::now() + seconds(1));
  CHECK(*started >= system_clock::now() - minutes(5));
}

TEST_CASE("restart detection finds a script argument, absolute or relative to its cwd",
          "[engine][restart]") {
  Production prod;
  Subprocess absolute = StartPython(prod.app2, {(prod.app / "server.py").string()});
  Subprocess relative = StartPython(prod.tmp.path(), {"app/server.py"});
  fs::create_directory_symlink(prod.app, prod.tmp / "current");

  // The target as a symlink to production and with a trailing separator: the same directory.
  for (const fs::path& target : {prod.app, prod.tmp / "current", prod.tmp / "app/"}) {
    RestartCheck check = FindProcessesUsing(target);
    INFO(target << ": " << Describe(check));
    REQUIRE(check.status == RestartStatus::kRequired);
    CHECK(check.processes.size() == 2);
    for (const Subprocess* child : {&absolute, &relative}) {
      const RunningProcess* p = Find(check, child->pid());
      REQUIRE(p != nullptr);
      CHECK(p->why == TargetUse::kArgument);
      CHECK(p->path == (prod.app / "server.py").string());
      CHECK_THAT(p->command_line, Catch::Contains("server.py"));
    }
  }
}

TEST_CASE("restart detection does not match a sibling directory that shares the prefix",
          "[engine][restart]") {
  Production prod;
  Subprocess child = StartPython(prod.app2, {(prod.app2 / "server.py").string()});

  RestartCheck check = FindProcessesUsing(prod.app);
  CHECK(check.status == RestartStatus::kNone);
  CHECK(check.processes.empty());
  CHECK(check.reason == "no running process uses " + prod.app.string());
  CHECK(RestartSentence(check, "0.1.3", system_clock::now()).empty());

  // The same process is found from its own directory.
  CHECK(FindProcessesUsing(prod.app2).status == RestartStatus::kRequired);
}

TEST_CASE("restart detection never lists the calling process", "[engine][restart]") {
  // This test binary's own executable lies in its build directory.
  const fs::path own_dir = fs::read_symlink("/proc/self/exe").parent_path();
  RestartCheck real = FindProcessesUsing(own_dir);
  CHECK(real.status != RestartStatus::kUnknown);
  CHECK(Find(real, ::getpid()) == nullptr);

  TempDir tmp;
  FakeProc proc(tmp / "proc");
  const fs::path app = tmp / "app";
  fs::create_directories(app);
  proc.Add(UserProcess(::getpid(), {"ua-deploy", "serve"}, app.string()));
  proc.Add(UserProcess(kFake, {"python3", "server.py"}, app.string()));
  RestartCheck fake = FindProcessesUsing(app, proc.root());
  REQUIRE(fake.processes.size() == 1);
  CHECK(fake.processes[0].pid == kFake);
}
#endif

TEST_CASE("restart detection skips kernel threads and zombies and sees replaced executables",
          "[engine][restart]") {
  TempDir tmp;
  FakeProc proc(tmp / "proc", 1'700'000'000);
  const fs::path app = tmp / "app";
  WriteFile(app / "server.py", kServer);
  const std::string elsewhere = tmp.path().string();
  const long ticks = ::sysconf(_SC_CLK_TCK);
  REQUIRE(ticks > 0);
  FakeProcess kernel_thread = UserProcess(kFake + 2, {}, app.string());
  kernel_thread.flags = 0x00200040;
  proc.Add(kernel_thread);
  FakeProcess zombie = UserProcess(kFake + 30, {}, app.string());
  zombie.state = 'Z';
  proc.Add(zombie);
  FakeProcess replaced = UserProcess(kFake + 40, {"/srv/old-server", "--stdio"}, elsewhere,
                                     (app / "bin/server (deleted)").string());
  replaced.start_ticks = static_cast<uint64_t>(90 * ticks);
  proc.Add(replaced);
  proc.Add(
      UserProcess(kFake + 50, {"node", "--config=" + (app / "config.json").string()}, elsewhere));
  // A relative word counts only when it names a file: neither "server.py" in <tmp> nor
  // python's code "pass" in a cwd inside the target is a path.
  proc.Add(UserProcess(kFake + 60, {"python3", "server.py"}, elsewhere));
  proc.Add(UserProcess(kFake + 70, {"python3", "-c", "pass"}, app.string()));
  proc.Add(UserProcess(kFake + 80, {"python3", "server.py"}, ""));  // cwd hidden: another user
  RestartCheck check = FindProcessesUsing(app, proc.root());
  INFO(Describe(check));
  REQUIRE(check.status == RestartStatus::kRequired);
  REQUIRE(check.processes.size() == 3);
  CHECK(check.reason == "3 processes use " + app.string());

  const RunningProcess& exe = check.processes[0];
  CHECK(exe.pid == kFake + 40);
  CHECK(exe.why == TargetUse::kExe);
  CHECK(exe.path == (app / "bin/server").string());
  CHECK(exe.started == "2023-11-14T22:14:50.000Z");
  CHECK(exe.started_unix_ms == 1'700'000'090'000);
  CHECK(exe.command_line == "/srv/old-server --stdio");

  CHECK(check.processes[1].pid == kFake + 50);
  CHECK(check.processes[1].why == TargetUse::kArgument);
  CHECK(check.processes[1].path == (app / "config.json").string());
  CHECK(check.processes[2].pid == kFake + 70);
  CHECK(check.processes[2].why == TargetUse::kCwd);
}

TEST_CASE("restart detection is unknown, never none, without a process table",
          "[engine][restart]") {
  TempDir tmp;
  const fs::path missing = tmp / "no-proc";
  RestartCheck check = FindProcessesUsing(tmp.path(), missing);
  CHECK(check.status == RestartStatus::kUnknown);
  CHECK(std::string(RestartStatusName(check.status)) == "unknown");
  CHECK(check.reason ==
        "cannot list processes: " + missing.string() + " is not available on this platform");
  CHECK(check.processes.empty());
  CHECK(RestartSentence(check, "0.1.3", system_clock::now()) ==
        "Restart any process that still runs the old server to load v0.1.3 (cannot list "
        "processes: " +
            missing.string() + " is not available on this platform).");

  fs::create_directories(tmp / "empty-mount-point");
  CHECK(FindProcessesUsing(tmp.path(), tmp / "empty-mount-point").status ==
        RestartStatus::kUnknown);
}

TEST_CASE("restart sentence names one process, or several in one sentence", "[engine][restart]") {
  const TimePoint now = ParseIsoUtc("2026-11-21T12:00:00Z").value();
  RestartCheck check;
  check.status = RestartStatus::kRequired;
  check.processes.push_back(Running(4242, "python3 server.py", "2026-11-21T10:02:13.450Z"));
  CHECK(RestartSentence(check, "0.1.3", now) ==
        "pid 4242 (python3 server.py), started 10:02 UTC, still runs the old server: restart it "
        "to load v0.1.3.");
  CHECK(RestartSentence(check, "", now) ==
        "pid 4242 (python3 server.py), started 10:02 UTC, still runs the old server: restart it "
        "to load the new version.");

  check.processes.push_back(Running(4250, "node /srv/app/index.js", "2026-11-20T23:59:59.000Z"));
  CHECK(RestartSentence(check, "v0.1.3", now) ==
        "2 processes still run the old server: pid 4242 (python3 server.py, started 10:02 UTC), "
        "pid 4250 (node /srv/app/index.js, started 2026-11-20 23:59 UTC); restart them to load "
        "v0.1.3.");

  check.processes.push_back(Running(4300, std::string(100, 'x'), ""));
  check.processes.push_back(Running(4301, "a", ""));
  check.processes.push_back(Running(4302, "b", ""));
  const std::string many = RestartSentence(check, "0.1.3", now);
  CHECK_THAT(many, Catch::StartsWith("5 processes still run the old server: pid 4242"));
  CHECK_THAT(many, Catch::Contains("pid 4300 (" + std::string(57, 'x') + "...), and 2 more; "));
  CHECK_FALSE(Catch::Contains("4301").match(many));
}

}  // namespace
}  // namespace ua::engine
