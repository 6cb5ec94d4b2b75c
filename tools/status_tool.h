// ua_self_status: the MCP tool and the `ua-deploy status` command share this code, so the
// CLI's --json prints exactly the tool's structuredContent. Its arguments are declared in
// schemas/tools/ua_self_status.input.json and read in StatusRequestFrom alone.
//
// Read-only, idempotent. Stateless apart from the ToolSession it is given, which must
// outlive the returned ToolDefinition.
#pragma once

#include <chrono>
#include <optional>
#include <stop_token>
#include <string>

#include <nlohmann/json.hpp>

#include "base/status.h"
#include "deploy_engine/operations/status_report.h"
#include "mcp/tool.h"
#include "tools/tool_session.h"

namespace ua::tools {

// What a status report is computed from: the status counterpart of the engine's
// DeployRequest (the engine has none, ComputeStatus takes the resolved profile).
struct StatusRequest {
  std::optional<std::string> profile;        // the config's default profile when absent
  bool check_health = false;                 // run the profile's mcp_handshake against production
  std::optional<std::string> deployment_id;  // also report this operation
  std::chrono::milliseconds wait{0};         // first wait this long for it to finish
  bool diff = false;  // also the pending change inside each file (tools/diff_text.h)
};

// The request for ua_self_status's arguments `args` as a handler receives them (checked against
// schemas/tools/ua_self_status.input.json, defaults filled; see tool_arguments.h). The one
// place that says what each argument means.
StatusRequest StatusRequestFrom(const nlohmann::json& args);

// With a deployment_id, first waits for that operation up to `request.wait` (cut short by
// `stop`); kNotFound when the profile knows no such operation. Then recovers an interrupted
// operation, then computes the report; with check_health, also starts production's server
// once (bounded by the test's timeout, cut short by `stop`).
Result<engine::StatusReport> GatherStatus(const ToolSession& session, const StatusRequest& request,
                                          std::stop_token stop = {});

// The structuredContent of ua_self_status (schemas/tools/ua_self_status.output.json).
nlohmann::json StatusToJson(const engine::StatusReport& report);
// "Production v0.1.0, deployed 2 hours ago from a1b2c3d. 3 files pending: ..."
std::string StatusSummary(const engine::StatusReport& report);

Result<mcp::ToolDefinition> StatusToolDefinition(const ToolSession& session);

}  // namespace ua::tools
