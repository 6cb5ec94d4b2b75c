#include "tests/support/modern_client.h"

#include <catch2/catch.hpp>
#include <chrono>

#include "tools/task_record.h"

namespace ua::testing {

using nlohmann::json;

namespace {
constexpr std::chrono::seconds kResponseDeadline{60};
}  // namespace

json ModernEnvelope(const json& capabilities, const std::optional<std::string>& log_level) {
  json meta = {{"io.modelcontextprotocol/protocolVersion", "2026-07-28"},
               {"io.modelcontextprotocol/clientCapabilities", capabilities},
               {"io.modelcontextprotocol/clientInfo", {{"name", "modern-test"}, {"version", "1"}}}};
  if (log_level) meta["io.modelcontextprotocol/logLevel"] = *log_level;
  return meta;
}

ModernClient::ModernClient(const ExampleSandbox& box, const std::filesystem::path& config,
                           const std::map<std::string, std::string>& extra_env) {
  auto env = box.env();
  for (const auto& [k, v] : extra_env) env[k] = v;
  client_ = McpTestClient::Start(UA_DEPLOY_BINARY, {"serve", "--config", config.string()}, env);
  REQUIRE(client_);
}

json ModernClient::RequestRaw(const std::string& method, json params) {
  return Send(method, std::move(params), nullptr);
}

json ModernClient::Send(const std::string& method, json params, std::vector<json>* before) {
  const int id = next_id_++;
  REQUIRE(client_->Send(
      {{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", std::move(params)}}));
  auto response = client_->ReadResponse(id, before, kResponseDeadline);
  REQUIRE(response);
  return *response;
}

json ModernClient::Request(const std::string& method, json params, const json& capabilities,
                           const std::optional<std::string>& log_level, std::vector<json>* before) {
  params["_meta"] = ModernEnvelope(capabilities, log_level);
  return Send(method, std::move(params), before);
}

json ModernClient::Call(const std::string& tool, json arguments, const json& capabilities,
                        const std::optional<std::string>& log_level, std::vector<json>* before,
                        const json& extra) {
  json params = {{"name", tool}, {"arguments", std::move(arguments)}};
  for (const auto& [k, v] : extra.items()) params[k] = v;
  return Request("tools/call", std::move(params), capabilities, log_level, before);
}

json ModernClient::WaitForOperation(const std::string& deployment_id) {
  REQUIRE_FALSE(deployment_id.empty());
  for (int round = 0; round < 10; ++round) {
    json status =
        Call("ua_self_status", {{"deployment_id", deployment_id}, {"wait_s", 60}}, json::object());
    REQUIRE(status.contains("result"));
    const json& op = status["result"]["structuredContent"]["operation"];
    if (op["phase"] == "finished") return op["result"];
    REQUIRE(op["phase"] == "running");
  }
  FAIL("operation " << deployment_id << " did not finish within 10 minutes");
  return nullptr;
}

std::string DeploymentOfTask(const std::filesystem::path& backup_dir, const std::string& task_id) {
  auto record = tools::ReadTaskRecord(backup_dir, task_id);
  REQUIRE(record.ok());
  return record->deployment_id;
}

}  // namespace ua::testing
