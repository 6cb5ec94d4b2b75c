#include "tests/support/mcp_test_client.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>

extern char** environ;

namespace ua::testing {

namespace {

int RemainingMs(McpTestClient::Clock::time_point deadline) {
  auto left =
      std::chrono::duration_cast<std::chrono::milliseconds>(deadline - McpTestClient::Clock::now());
  return left.count() < 0 ? 0 : static_cast<int>(left.count());
}

int DecodeWaitStatus(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

}  // namespace

std::unique_ptr<McpTestClient> McpTestClient::Start(const std::string& binary,
                                                    const std::vector<std::string>& args,
                                                    const std::map<std::string, std::string>& env) {
  std::signal(SIGPIPE, SIG_IGN);
  int in_pipe[2], out_pipe[2];
  if (::pipe2(in_pipe, O_CLOEXEC) != 0) return nullptr;
  if (::pipe2(out_pipe, O_CLOEXEC) != 0) {
    ::close(in_pipe[0]);
    ::close(in_pipe[1]);
    return nullptr;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in_pipe[0], STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], STDOUT_FILENO);

  std::vector<std::string> argv_strings = {binary};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& s : argv_strings) argv.push_back(s.data());
  argv.push_back(nullptr);

  std::vector<std::string> env_strings;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string entry(*e);
    if (!env.count(entry.substr(0, entry.find('=')))) env_strings.push_back(entry);
  }
  for (const auto& [name, value] : env) env_strings.push_back(name + "=" + value);
  std::vector<char*> envp;
  for (auto& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);

  pid_t pid = -1;
  int rc = posix_spawn(&pid, binary.c_str(), &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  ::close(in_pipe[0]);
  ::close(out_pipe[1]);
  if (rc != 0) {
    ::close(in_pipe[1]);
    ::close(out_pipe[0]);
    return nullptr;
  }
  std::unique_ptr<McpTestClient> client(new McpTestClient());
  client->pid_ = pid;
  client->stdin_fd_ = in_pipe[1];
  client->stdout_fd_ = out_pipe[0];
  return client;
}

McpTestClient::~McpTestClient() {
  CloseStdin();
  if (pid_ > 0 && !exit_code_) {
    ::kill(pid_, SIGKILL);
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
  }
  if (stdout_fd_ >= 0) ::close(stdout_fd_);
}

bool McpTestClient::SendLine(const std::string& line) {
  if (stdin_fd_ < 0) return false;
  std::string data = line + "\n";
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(stdin_fd_, data.data() + done, data.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    done += static_cast<size_t>(n);
  }
  return true;
}

bool McpTestClient::Send(const nlohmann::json& message) { return SendLine(message.dump()); }

bool McpTestClient::Fill(Clock::time_point deadline) {
  if (stdout_eof_) return false;
  for (;;) {
    pollfd pfd = {stdout_fd_, POLLIN, 0};
    int rc = ::poll(&pfd, 1, RemainingMs(deadline));
    if (rc < 0 && errno == EINTR) continue;
    if (rc <= 0) return false;
    char chunk[65536];
    ssize_t n = ::read(stdout_fd_, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      stdout_eof_ = true;
      return false;
    }
    buffer_.append(chunk, static_cast<size_t>(n));
    return true;
  }
}

std::optional<std::string> McpTestClient::ReadLine(std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    size_t nl = buffer_.find('\n');
    if (nl != std::string::npos) {
      std::string line = buffer_.substr(0, nl);
      buffer_.erase(0, nl + 1);
      lines_.push_back(line);
      return line;
    }
    if (!Fill(deadline)) return std::nullopt;
  }
}

std::optional<nlohmann::json> McpTestClient::ReadJson(std::chrono::milliseconds timeout) {
  std::optional<std::string> line = ReadLine(timeout);
  if (!line) return std::nullopt;
  nlohmann::json value = nlohmann::json::parse(*line, nullptr, false);
  if (value.is_discarded()) return std::nullopt;
  return value;
}

std::optional<nlohmann::json> McpTestClient::ReadUntil(
    const std::function<bool(const nlohmann::json&)>& accept, std::vector<nlohmann::json>* skipped,
    std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return std::nullopt;
    std::optional<nlohmann::json> message = ReadJson(left);
    if (!message) return std::nullopt;
    if (accept(*message)) return message;
    if (skipped) skipped->push_back(std::move(*message));
  }
}

std::optional<nlohmann::json> McpTestClient::ReadResponse(const nlohmann::json& id,
                                                          std::vector<nlohmann::json>* skipped,
                                                          std::chrono::milliseconds timeout) {
  return ReadUntil(
      [&id](const nlohmann::json& m) {
        return m.is_object() && m.contains("id") && m["id"].dump() == id.dump() &&
               !m.contains("method");
      },
      skipped, timeout);
}

std::optional<nlohmann::json> McpTestClient::Initialize(const std::string& protocol_version) {
  Send({{"jsonrpc", "2.0"},
        {"id", "init"},
        {"method", "initialize"},
        {"params",
         {{"protocolVersion", protocol_version},
          {"capabilities", nlohmann::json::object()},
          {"clientInfo", {{"name", "mcp-test-client"}, {"version", "1.0.0"}}}}}});
  std::optional<nlohmann::json> response = ReadResponse("init");
  Send({{"jsonrpc", "2.0"}, {"method", "notifications/initialized"}});
  return response;
}

void McpTestClient::CloseStdin() {
  if (stdin_fd_ >= 0) ::close(stdin_fd_);
  stdin_fd_ = -1;
}

std::optional<int> McpTestClient::WaitExit(std::chrono::milliseconds timeout) {
  if (exit_code_) return exit_code_;
  CloseStdin();
  const auto deadline = Clock::now() + timeout;
  while (ReadLine(std::chrono::milliseconds(RemainingMs(deadline)))) {
  }
  // A pidfd turns "wait for exit with a deadline" into a poll().
#ifdef SYS_pidfd_open
  int pidfd = static_cast<int>(::syscall(SYS_pidfd_open, pid_, 0));
  if (pidfd >= 0) {
    pollfd pfd = {pidfd, POLLIN, 0};
    int rc;
    do {
      rc = ::poll(&pfd, 1, RemainingMs(deadline));
    } while (rc < 0 && errno == EINTR);
    ::close(pidfd);
    if (rc <= 0) return std::nullopt;
  }
#endif
  int status = 0;
  pid_t r;
  do {
    r = ::waitpid(pid_, &status, 0);
  } while (r < 0 && errno == EINTR);
  if (r != pid_) return std::nullopt;
  exit_code_ = DecodeWaitStatus(status);
  return exit_code_;
}

}  // namespace ua::testing
