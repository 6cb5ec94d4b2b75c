// ModernClient: speaks MCP revision 2026-07-28 to the real `ua-deploy serve` over pipes: every
// request carries the per-request envelope (protocol version, the capabilities the test
// chooses, client info, and a log level when asked), no initialize. Also follows the
// operations that tasks start, through ua_self_status.
//
// Owned by one test; not shared between threads. Read deadlines only guard against a hung
// server (60 s).
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/support/example_sandbox.h"
#include "tests/support/mcp_test_client.h"

namespace ua::testing {

// params._meta of a 2026-07-28 request.
nlohmann::json ModernEnvelope(const nlohmann::json& capabilities,
                              const std::optional<std::string>& log_level = std::nullopt);

class ModernClient {
 public:
  ModernClient(const ExampleSandbox& box, const std::filesystem::path& config,
               const std::map<std::string, std::string>& extra_env = {});

  // `method` with `params` plus the envelope; the whole response. Messages read before it
  // (notifications, requests) are appended to `before` when given.
  nlohmann::json Request(const std::string& method, nlohmann::json params,
                         const nlohmann::json& capabilities = nlohmann::json::object(),
                         const std::optional<std::string>& log_level = std::nullopt,
                         std::vector<nlohmann::json>* before = nullptr);
  // `params` exactly as given (no envelope added).
  nlohmann::json RequestRaw(const std::string& method, nlohmann::json params);
  // tools/call of `tool`; `extra` is merged into params (inputResponses, requestState).
  nlohmann::json Call(const std::string& tool, nlohmann::json arguments,
                      const nlohmann::json& capabilities,
                      const std::optional<std::string>& log_level = std::nullopt,
                      std::vector<nlohmann::json>* before = nullptr,
                      const nlohmann::json& extra = nlohmann::json::object());

  // Waits (ua_self_status {deployment_id, wait_s}) until the operation has finished and
  // returns its result (the structuredContent its call would have returned).
  nlohmann::json WaitForOperation(const std::string& deployment_id);

  McpTestClient& client() { return *client_; }

 private:
  // Sends one request with `params` as given; the whole response.
  nlohmann::json Send(const std::string& method, nlohmann::json params,
                      std::vector<nlohmann::json>* before);

  std::unique_ptr<McpTestClient> client_;
  int next_id_ = 1;
};

// The deployment id a task started, from its record in `backup_dir` ("" while it waits).
std::string DeploymentOfTask(const std::filesystem::path& backup_dir, const std::string& task_id);

}  // namespace ua::testing
