#include "platform/subprocess.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>

extern char** environ;

namespace ua {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

constexpr size_t kInteractiveLineLimit = 16u << 20;
constexpr milliseconds kPollSlice{50};
constexpr milliseconds kDrainGrace{200};

bool IsExecutableFile(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(path.c_str(), X_OK) == 0;
}

Result<std::string> ResolveProgram(const SubprocessOptions& o) {
  const std::string& name = o.argv.front();
  if (name.empty()) return InvalidArgument("empty program name");
  if (name.find('/') != std::string::npos) {
    std::string path = (name[0] != '/' && !o.cwd.empty()) ? o.cwd + "/" + name : name;
    struct stat st;
    if (::stat(path.c_str(), &st) != 0) return NotFound(name + ": not found");
    if (!S_ISREG(st.st_mode) || ::access(path.c_str(), X_OK) != 0) {
      return Status(StatusCode::kPermissionDenied, name + ": not an executable file");
    }
    return path;
  }
  std::string path_var;
  if (auto it = o.env.find("PATH"); it != o.env.end()) {
    path_var = it->second;
  } else if (const char* p = std::getenv("PATH")) {
    path_var = p;
  } else {
    path_var = "/usr/local/bin:/usr/bin:/bin";
  }
  size_t start = 0;
  while (start <= path_var.size()) {
    size_t end = path_var.find(':', start);
    if (end == std::string::npos) end = path_var.size();
    std::string dir = path_var.substr(start, end - start);
    if (dir.empty()) dir = o.cwd.empty() ? "." : o.cwd;
    std::string candidate = dir + "/" + name;
    if (IsExecutableFile(candidate)) return candidate;
    start = end + 1;
  }
  return NotFound(name + ": not found on PATH");
}

std::vector<std::string> BuildEnv(const std::map<std::string, std::string>& add) {
  std::vector<std::string> env;
  for (char** e = environ; e && *e; ++e) {
    std::string_view entry(*e);
    auto eq = entry.find('=');
    std::string name(entry.substr(0, eq));
    if (add.count(name)) continue;
    env.emplace_back(entry);
  }
  for (const auto& [k, v] : add) env.push_back(k + "=" + v);
  return env;
}

Status MakePipe(int fds[2]) {
#ifdef __linux__
  if (::pipe2(fds, O_CLOEXEC) != 0) return ErrnoStatus("pipe", errno);
#else
  if (::pipe(fds) != 0) return ErrnoStatus("pipe", errno);
  ::fcntl(fds[0], F_SETFD, FD_CLOEXEC);
  ::fcntl(fds[1], F_SETFD, FD_CLOEXEC);
#endif
  return Status::Ok();
}

void SetNonBlocking(int fd) { ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK); }

void CloseFd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

// write() with SIGPIPE blocked for this thread, consuming a SIGPIPE the write raised, so a
// child that closed its stdin yields EPIPE instead of killing us.
ssize_t WriteNoSigpipe(int fd, const char* p, size_t n) {
  sigset_t pipe_set, old, pending;
  sigemptyset(&pipe_set);
  sigaddset(&pipe_set, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
  sigpending(&pending);
  bool was_pending = sigismember(&pending, SIGPIPE);
  ssize_t w = ::write(fd, p, n);
  int err = errno;
  if (w < 0 && err == EPIPE && !was_pending) {
    sigpending(&pending);
    if (sigismember(&pending, SIGPIPE)) {
      int sig;
      sigwait(&pipe_set, &sig);
    }
  }
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
  errno = err;
  return w;
}

ExitInfo FromWaitStatus(int st) {
  ExitInfo info;
  if (WIFEXITED(st)) info.exit_code = WEXITSTATUS(st);
  if (WIFSIGNALED(st)) info.signal = WTERMSIG(st);
  return info;
}

void ReadAvailable(int& fd, std::string& data, size_t cap, bool& truncated) {
  char buf[16384];
  while (fd >= 0) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n > 0) {
      data.append(buf, static_cast<size_t>(n));
      if (cap > 0 && data.size() > 2 * cap) {
        data.erase(0, data.size() - cap);
        truncated = true;
      }
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
    CloseFd(fd);  // EOF or a broken pipe
  }
}

}  // namespace

std::string ExitInfo::Describe() const {
  if (exit_code) return "exit code " + std::to_string(*exit_code);
  if (signal)
    return "killed by signal " + std::to_string(*signal) + " (" + strsignal(*signal) + ")";
  return "exit status unknown";
}

Result<Subprocess> Subprocess::Start(const SubprocessOptions& o) {
  if (o.argv.empty()) return InvalidArgument("no program given");
  if (!o.cwd.empty()) {
    struct stat st;
    if (::stat(o.cwd.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
      return NotFound("working directory '" + o.cwd + "' does not exist");
    }
  }
  UA_ASSIGN_OR_RETURN(std::string program, ResolveProgram(o));

  int in[2], out[2], err[2];
  UA_RETURN_IF_ERROR(MakePipe(in));
  if (Status s = MakePipe(out); !s.ok()) {
    ::close(in[0]);
    ::close(in[1]);
    return s;
  }
  if (Status s = MakePipe(err); !s.ok()) {
    for (int fd : {in[0], in[1], out[0], out[1]}) ::close(fd);
    return s;
  }

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in[0], 0);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err[1], 2);
  if (!o.cwd.empty()) posix_spawn_file_actions_addchdir_np(&actions, o.cwd.c_str());

  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t empty, all;
  sigemptyset(&empty);
  sigfillset(&all);
  posix_spawnattr_setsigmask(&attr, &empty);
  posix_spawnattr_setsigdefault(&attr, &all);
  posix_spawnattr_setpgroup(&attr, 0);
  posix_spawnattr_setflags(&attr,
                           POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

  std::vector<std::string> env = BuildEnv(o.env);
  std::vector<char*> argv_p, env_p;
  for (const auto& a : o.argv) argv_p.push_back(const_cast<char*>(a.c_str()));
  argv_p.push_back(nullptr);
  for (const auto& e : env) env_p.push_back(const_cast<char*>(e.c_str()));
  env_p.push_back(nullptr);

  pid_t pid = -1;
  int rc = ::posix_spawn(&pid, program.c_str(), &actions, &attr, argv_p.data(), env_p.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  ::close(in[0]);
  ::close(out[1]);
  ::close(err[1]);
  if (rc != 0) {
    ::close(in[1]);
    ::close(out[0]);
    ::close(err[0]);
    return ErrnoStatus("cannot start " + o.argv.front() + " (" + program + ")", rc);
  }
  Subprocess p;
  p.pid_ = pid;
  p.stdin_fd_ = in[1];
  p.stdout_fd_ = out[0];
  p.stderr_fd_ = err[0];
  SetNonBlocking(p.stdin_fd_);
  SetNonBlocking(p.stdout_fd_);
  SetNonBlocking(p.stderr_fd_);
  p.stderr_.cap = o.output_cap;
  return p;
}

Subprocess::Subprocess(Subprocess&& other) noexcept { *this = std::move(other); }

Subprocess& Subprocess::operator=(Subprocess&& other) noexcept {
  if (this == &other) return *this;
  if (running()) Kill();
  CloseAll();
  pid_ = std::exchange(other.pid_, -1);
  stdin_fd_ = std::exchange(other.stdin_fd_, -1);
  stdout_fd_ = std::exchange(other.stdout_fd_, -1);
  stderr_fd_ = std::exchange(other.stderr_fd_, -1);
  stdout_ = std::move(other.stdout_);
  stderr_ = std::move(other.stderr_);
  exit_ = std::exchange(other.exit_, std::nullopt);
  return *this;
}

Subprocess::~Subprocess() {
  if (running()) Kill();
  CloseAll();
}

void Subprocess::CloseAll() {
  CloseFd(stdin_fd_);
  CloseFd(stdout_fd_);
  CloseFd(stderr_fd_);
}

bool Subprocess::ReapNoHang() {
  if (exit_) return true;
  if (pid_ <= 0) return false;
  int st = 0;
  pid_t r = ::waitpid(pid_, &st, WNOHANG);
  if (r == pid_) {
    exit_ = FromWaitStatus(st);
  } else if (r < 0 && errno == ECHILD) {
    exit_ = ExitInfo{};  // reaped elsewhere (SIGCHLD ignored): the status is lost
  }
  return exit_.has_value();
}

bool Subprocess::PollOnce(Deadline deadline, bool want_stdin_writable, bool* stdin_writable) {
  if (stdin_writable) *stdin_writable = false;
  auto now = steady_clock::now();
  if (now >= deadline) return false;
  pollfd fds[3];
  nfds_t n = 0;
  int i_out = -1, i_err = -1, i_in = -1;
  if (stdout_fd_ >= 0) {
    i_out = static_cast<int>(n);
    fds[n++] = {stdout_fd_, POLLIN, 0};
  }
  if (stderr_fd_ >= 0) {
    i_err = static_cast<int>(n);
    fds[n++] = {stderr_fd_, POLLIN, 0};
  }
  if (want_stdin_writable && stdin_fd_ >= 0) {
    i_in = static_cast<int>(n);
    fds[n++] = {stdin_fd_, POLLOUT, 0};
  }
  // Bounded slices so a child that exits while a grandchild keeps the pipes open is noticed.
  auto slice = n == 0 ? milliseconds(10) : kPollSlice;
  auto wait = std::min<milliseconds>(std::chrono::ceil<milliseconds>(deadline - now), slice);
  int rc = ::poll(fds, n, static_cast<int>(wait.count()));
  if (rc <= 0) return true;
  if (i_out >= 0 && fds[i_out].revents) {
    ReadAvailable(stdout_fd_, stdout_.data, stdout_.cap, stdout_.truncated);
  }
  if (i_err >= 0 && fds[i_err].revents) {
    ReadAvailable(stderr_fd_, stderr_.data, stderr_.cap, stderr_.truncated);
  }
  if (i_in >= 0 && fds[i_in].revents && stdin_writable) *stdin_writable = true;
  return true;
}

Status Subprocess::WriteLine(std::string_view line, Deadline deadline) {
  std::string data(line);
  data += '\n';
  size_t off = 0;
  while (off < data.size()) {
    if (stdin_fd_ < 0) return FailedPrecondition("the child's stdin is closed");
    ssize_t w = WriteNoSigpipe(stdin_fd_, data.data() + off, data.size() - off);
    if (w > 0) {
      off += static_cast<size_t>(w);
      continue;
    }
    if (w < 0 && errno == EINTR) continue;
    if (w < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
      int err = errno;
      CloseFd(stdin_fd_);
      if (err == EPIPE) return FailedPrecondition("the child stopped reading its stdin");
      return ErrnoStatus("write to child stdin", err);
    }
    bool writable = false;
    if (!PollOnce(deadline, true, &writable)) {
      return Status(StatusCode::kTimeout, "the child did not read its stdin in time");
    }
  }
  return Status::Ok();
}

Result<std::optional<std::string>> Subprocess::ReadLine(Deadline deadline) {
  for (;;) {
    auto nl = stdout_.data.find('\n');
    if (nl != std::string::npos) {
      std::string line = stdout_.data.substr(0, nl);
      stdout_.data.erase(0, nl + 1);
      return std::optional<std::string>(std::move(line));
    }
    if (stdout_fd_ < 0) {
      if (stdout_.data.empty()) return std::optional<std::string>();
      return std::optional<std::string>(std::exchange(stdout_.data, std::string()));
    }
    if (stdout_.data.size() > kInteractiveLineLimit) {
      return Status(StatusCode::kResourceExhausted,
                    "the child wrote more than 16 MiB without a newline");
    }
    if (!PollOnce(deadline, false, nullptr)) {
      return Status(StatusCode::kTimeout, "no complete line from the child in time");
    }
  }
}

void Subprocess::CloseStdin() { CloseFd(stdin_fd_); }

Result<ExitInfo> Subprocess::Wait(Deadline deadline) {
  for (;;) {
    if (ReapNoHang()) {
      auto grace = steady_clock::now() + kDrainGrace;
      while ((stdout_fd_ >= 0 || stderr_fd_ >= 0) && PollOnce(grace, false, nullptr)) {
      }
      return *exit_;
    }
    if (!PollOnce(deadline, false, nullptr)) {
      return Status(StatusCode::kTimeout, "the child did not exit in time");
    }
  }
}

ExitInfo Subprocess::Kill() {
  if (pid_ <= 0) return ExitInfo{};
  if (!exit_) {
    ::kill(-pid_, SIGKILL);
    ::kill(pid_, SIGKILL);
    int st = 0;
    pid_t r;
    do {
      r = ::waitpid(pid_, &st, 0);
    } while (r < 0 && errno == EINTR);
    exit_ = r == pid_ ? FromWaitStatus(st) : ExitInfo{};
  }
  // The group is dead, so what is left in the pipes is all there will be.
  ReadAvailable(stdout_fd_, stdout_.data, stdout_.cap, stdout_.truncated);
  ReadAvailable(stderr_fd_, stderr_.data, stderr_.cap, stderr_.truncated);
  return *exit_;
}

Result<SubprocessResult> Subprocess::Run(const SubprocessOptions& o) {
  auto started = steady_clock::now();
  Deadline deadline = started + o.timeout;
  UA_ASSIGN_OR_RETURN(Subprocess p, Start(o));
  p.stdout_.cap = o.output_cap;
  SubprocessResult r;
  size_t off = 0;
  bool timed_out = false;
  while (off < o.stdin_bytes.size() && p.stdin_fd_ >= 0) {
    ssize_t w = WriteNoSigpipe(p.stdin_fd_, o.stdin_bytes.data() + off, o.stdin_bytes.size() - off);
    if (w > 0) {
      off += static_cast<size_t>(w);
      continue;
    }
    if (w < 0 && errno == EINTR) continue;
    if (w < 0 && errno != EAGAIN && errno != EWOULDBLOCK) break;  // the child stopped reading
    bool writable = false;
    if (!p.PollOnce(deadline, true, &writable)) {
      timed_out = true;
      break;
    }
  }
  p.CloseStdin();
  // Waits in short slices so that a stop request is seen within about 100 ms.
  bool cancelled = false;
  while (!timed_out && !cancelled) {
    auto exit = p.Wait(std::min(deadline, steady_clock::now() + milliseconds(100)));
    if (exit.ok()) {
      r.exit = *exit;
      break;
    }
    if (steady_clock::now() >= deadline) timed_out = true;
    if (o.stop.stop_requested()) cancelled = true;
  }
  if (timed_out || cancelled) r.exit = p.Kill();
  r.timed_out = timed_out;
  r.cancelled = cancelled;
  for (auto* b : {&p.stdout_, &p.stderr_}) {
    if (b->cap > 0 && b->data.size() > b->cap) {
      b->data.erase(0, b->data.size() - b->cap);
      b->truncated = true;
    }
  }
  r.stdout_text = std::move(p.stdout_.data);
  r.stderr_text = std::move(p.stderr_.data);
  r.stdout_truncated = p.stdout_.truncated;
  r.stderr_truncated = p.stderr_.truncated;
  r.ms = std::chrono::duration_cast<milliseconds>(steady_clock::now() - started).count();
  return r;
}

}  // namespace ua
