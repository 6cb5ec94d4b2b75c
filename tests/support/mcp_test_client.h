// McpTestClient: drives an MCP stdio server binary over pipes for integration tests.
//
// Start() spawns the binary (posix_spawn) with its stdin and stdout on pipes; stderr is
// inherited so server logs show up in the test output. Reads wait with a deadline through
// poll(): the deadline is a guard against a hung server (a failure), never a way to wait for
// something to happen. Every stdout line ever read is kept in lines() so a test can check
// that stdout carried nothing but JSON-RPC. The destructor kills a still-running child.
//
// Not thread-safe: one test thread uses a client.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace ua::testing {

class McpTestClient {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr std::chrono::milliseconds kDefaultTimeout{10000};

  // nullptr when the binary could not be started.
  // `env` is added to (and overrides) this process's environment.
  static std::unique_ptr<McpTestClient> Start(const std::string& binary,
                                              const std::vector<std::string>& args = {},
                                              const std::map<std::string, std::string>& env = {});
  ~McpTestClient();
  McpTestClient(const McpTestClient&) = delete;
  McpTestClient& operator=(const McpTestClient&) = delete;

  bool SendLine(const std::string& line);  // appends '\n'
  bool Send(const nlohmann::json& message);

  // The next stdout line; nullopt on EOF or when the deadline passes.
  std::optional<std::string> ReadLine(std::chrono::milliseconds timeout = kDefaultTimeout);
  // The next line parsed as JSON; nullopt on EOF, deadline, or a line that is not JSON.
  std::optional<nlohmann::json> ReadJson(std::chrono::milliseconds timeout = kDefaultTimeout);
  // Reads until a message matches `accept`; the others are appended to `skipped` if given.
  std::optional<nlohmann::json> ReadUntil(const std::function<bool(const nlohmann::json&)>& accept,
                                          std::vector<nlohmann::json>* skipped = nullptr,
                                          std::chrono::milliseconds timeout = kDefaultTimeout);
  // Reads until the response whose id equals `id` (same JSON type and value).
  std::optional<nlohmann::json> ReadResponse(const nlohmann::json& id,
                                             std::vector<nlohmann::json>* skipped = nullptr,
                                             std::chrono::milliseconds timeout = kDefaultTimeout);

  // initialize (id "init") with `protocol_version`, then notifications/initialized.
  // Returns the initialize response.
  std::optional<nlohmann::json> Initialize(const std::string& protocol_version = "2025-11-25");

  void CloseStdin();
  // Closes stdin, drains stdout into lines() and waits for the exit. Returns the exit code
  // (128 + signal when killed), nullopt when the deadline passed.
  std::optional<int> WaitExit(std::chrono::milliseconds timeout = kDefaultTimeout);

  const std::vector<std::string>& lines() const { return lines_; }
  pid_t pid() const { return pid_; }

 private:
  McpTestClient() = default;
  // Reads more bytes into buffer_; false on EOF or deadline.
  bool Fill(Clock::time_point deadline);

  pid_t pid_ = -1;
  int stdin_fd_ = -1;
  int stdout_fd_ = -1;
  bool stdout_eof_ = false;
  std::optional<int> exit_code_;
  std::string buffer_;
  std::vector<std::string> lines_;
};

}  // namespace ua::testing
