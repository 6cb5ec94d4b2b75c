// ua_self_status: the MCP tool and the `ua-deploy status` command share this code, so the
// CLI's --json prints exactly the tool's structuredContent.
//
// Read-only, idempotent. Stateless apart from the ToolSession it is given, which must
// outlive the returned ToolDefinition.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "base/status.h"
#include "deploy_engine/status_report.h"
#include "mcp/tool.h"
#include "tools/tool_session.h"

namespace ua::tools {

Result<engine::StatusReport> GatherStatus(const ToolSession& session,
                                          const std::optional<std::string>& profile);

// The structuredContent of ua_self_status (schemas/tools/ua_self_status.output.json).
nlohmann::json StatusToJson(const engine::StatusReport& report);
// "Production v0.1.0, deployed 2 hours ago from a1b2c3d. 3 files pending: ..."
std::string StatusSummary(const engine::StatusReport& report);

Result<mcp::ToolDefinition> StatusToolDefinition(const ToolSession& session);

}  // namespace ua::tools
