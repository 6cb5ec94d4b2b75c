#include "platform/detached_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace ua {
namespace {

// Writes all of `n` bytes; async-signal-safe.
void WriteAll(int fd, const void* data, size_t n) {
  const char* p = static_cast<const char*>(data);
  while (n > 0) {
    ssize_t w = ::write(fd, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return;
    p += w;
    n -= static_cast<size_t>(w);
  }
}

// Reads up to `n` bytes until EOF; returns how many were read.
size_t ReadAll(int fd, void* data, size_t n) {
  char* p = static_cast<char*>(data);
  size_t got = 0;
  while (got < n) {
    ssize_t r = ::read(fd, p + got, n - got);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    got += static_cast<size_t>(r);
  }
  return got;
}

// In the grandchild, before exec: a clean signal state and only fds 0, 1, 2 (and the
// close-on-exec report pipe) open.
void PrepareChild(int in_fd, int out_fd, int err_fd, int report_fd) {
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;
  for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGCHLD, SIGQUIT})
    sigaction(sig, &dfl, nullptr);
  ::dup2(in_fd, 0);
  ::dup2(out_fd, 1);
  ::dup2(err_fd, 2);
  const long max_fd = ::sysconf(_SC_OPEN_MAX);
  const int limit = max_fd > 0 && max_fd < 65536 ? static_cast<int>(max_fd) : 65536;
  for (int fd = 3; fd < limit; ++fd) {
    if (fd != report_fd) ::close(fd);
  }
}

}  // namespace

Result<DetachedProcess> SpawnDetached(const std::vector<std::string>& argv,
                                      const DetachedOptions& options) {
  if (argv.empty()) return InvalidArgument("SpawnDetached: no program");
  // Everything the children need is prepared here: after fork only async-signal-safe calls.
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const std::string cwd = options.cwd.empty() ? std::string("/") : options.cwd.string();

  const int null_fd = ::open("/dev/null", O_RDWR | O_CLOEXEC);
  if (null_fd < 0) return ErrnoStatus("open /dev/null", errno);
  int err_fd = null_fd;
  if (!options.stderr_path.empty()) {
    err_fd = ::open(options.stderr_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (err_fd < 0) {
      const int e = errno;
      ::close(null_fd);
      return ErrnoStatus("open '" + options.stderr_path.string() + "'", e);
    }
  }
  int out[2] = {-1, -1};
  if (options.pipe_stdout && ::pipe2(out, O_CLOEXEC) != 0) {
    const int e = errno;
    ::close(null_fd);
    if (err_fd != null_fd) ::close(err_fd);
    return ErrnoStatus("pipe", e);
  }
  const int out_fd = options.pipe_stdout ? out[1] : null_fd;
  auto close_parent_fds = [&] {
    ::close(null_fd);
    if (err_fd != null_fd) ::close(err_fd);
    if (out[1] >= 0) ::close(out[1]);
  };
  int report[2];
  if (::pipe2(report, O_CLOEXEC) != 0) {
    const int e = errno;
    close_parent_fds();
    if (out[0] >= 0) ::close(out[0]);
    return ErrnoStatus("pipe", e);
  }

  const pid_t middle = ::fork();
  if (middle < 0) {
    const int e = errno;
    close_parent_fds();
    if (out[0] >= 0) ::close(out[0]);
    ::close(report[0]);
    ::close(report[1]);
    return ErrnoStatus("fork", e);
  }
  if (middle == 0) {
    // The middle process: a new session, one more fork, and gone, so the program is
    // re-parented to init and never becomes the starter's zombie.
    ::close(report[0]);
    if (::setsid() < 0) {
      const int e = errno;
      const pid_t none = 0;
      WriteAll(report[1], &none, sizeof none);
      WriteAll(report[1], &e, sizeof e);
      ::_exit(1);
    }
    const pid_t program = ::fork();
    if (program < 0) {
      const int e = errno;
      const pid_t none = 0;
      WriteAll(report[1], &none, sizeof none);
      WriteAll(report[1], &e, sizeof e);
      ::_exit(1);
    }
    if (program > 0) {
      WriteAll(report[1], &program, sizeof program);
      ::_exit(0);
    }
    PrepareChild(null_fd, out_fd, err_fd, report[1]);
    if (::chdir(cwd.c_str()) != 0) {
      const int e = errno;
      WriteAll(report[1], &e, sizeof e);
      ::_exit(127);
    }
    ::execv(args[0], args.data());
    const int e = errno;
    WriteAll(report[1], &e, sizeof e);
    ::_exit(127);
  }

  ::close(report[1]);
  close_parent_fds();
  int status = 0;
  while (::waitpid(middle, &status, 0) < 0 && errno == EINTR) {
  }
  pid_t program = 0;
  int child_errno = 0;
  const size_t got_pid = ReadAll(report[0], &program, sizeof program);
  const size_t got_errno = ReadAll(report[0], &child_errno, sizeof child_errno);
  ::close(report[0]);
  if (got_pid != sizeof program || got_errno == sizeof child_errno) {
    if (out[0] >= 0) ::close(out[0]);
    if (got_pid != sizeof program) return Internal("SpawnDetached: no report from the child");
    return ErrnoStatus(
        program == 0 ? "start a session for '" + argv[0] + "'" : "start '" + argv[0] + "'",
        child_errno);
  }
  return DetachedProcess{program, out[0]};
}

std::filesystem::path CurrentExecutable() {
  std::error_code ec;
  auto p = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::filesystem::path() : p;
}

bool ProcessExists(pid_t pid) {
  if (pid <= 0) return false;
  if (::kill(pid, 0) != 0 && errno != EPERM) return false;
  // A zombie still answers kill(0) until its parent reaps it; where init does not reap
  // promptly (some containers) it would look alive forever. /proc tells, where it exists.
  const int fd = ::open(("/proc/" + std::to_string(pid) + "/stat").c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return true;
  char buf[512];
  const size_t n = ReadAll(fd, buf, sizeof buf - 1);
  ::close(fd);
  buf[n] = '\0';
  const char* close_paren = std::strrchr(buf, ')');
  if (close_paren == nullptr || close_paren[1] == '\0' || close_paren[2] == '\0') return true;
  const char state = close_paren[2];
  return state != 'Z' && state != 'X';
}

}  // namespace ua
