// ua_self_status: the MCP tool and the `ua-deploy status` command share this code, so the
// CLI's --json prints exactly the tool's structuredContent.
//
// Read-only, idempotent. Stateless apart from the ToolSession it is given, which must
// outlive the returned ToolDefinition.
#pragma once

#include <optional>
#include <stop_token>
#include <string>

#include <nlohmann/json.hpp>

#include "base/status.h"
#include "deploy_engine/operations/status_report.h"
#include "mcp/tool.h"
#include "tools/tool_session.h"

namespace ua::tools {

struct StatusRequest {
  std::optional<std::string> profile;  // the config's default profile when absent
  bool check_health = false;           // run the profile's mcp_handshake against production
};

// Recovers an interrupted operation first, then computes the report; with check_health, also
// starts production's server once (bounded by the test's timeout, cut short by `stop`).
Result<engine::StatusReport> GatherStatus(const ToolSession& session, const StatusRequest& request,
                                          std::stop_token stop = {});

// The structuredContent of ua_self_status (schemas/tools/ua_self_status.output.json).
nlohmann::json StatusToJson(const engine::StatusReport& report);
// "Production v0.1.0, deployed 2 hours ago from a1b2c3d. 3 files pending: ..."
std::string StatusSummary(const engine::StatusReport& report);

Result<mcp::ToolDefinition> StatusToolDefinition(const ToolSession& session);

}  // namespace ua::tools
