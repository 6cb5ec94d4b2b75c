// ua_self_rollback: the MCP tool and `ua-deploy rollback` share this code, so the CLI's
// --json prints exactly the tool's structuredContent.
//
// Destructive (it replaces production's managed files), not idempotent. The ToolSession must
// outlive the returned ToolDefinition. Calls run one at a time on the server's worker thread;
// the engine's lock keeps rollbacks and deployments of one profile exclusive across
// processes.
#pragma once

#include <optional>
#include <stop_token>
#include <string>

#include <nlohmann/json.hpp>

#include "base/status.h"
#include "deploy_engine/operations/rollback.h"
#include "mcp/tool.h"
#include "tools/tool_session.h"

namespace ua::tools {

struct RollbackArguments {
  std::optional<std::string> profile;
  std::optional<std::string> backup_id;
  std::optional<std::string> version;
  bool list = false;
  bool dry_run = false;
};

// Resolves the profile and runs the rollback (or the listing). Errors: config/profile
// problems, bad or unknown backup id or version, nothing to roll back, a damaged backup, lock
// held (kBusy).
Result<engine::RollbackResult> RunRollback(const ToolSession& session,
                                           const RollbackArguments& args,
                                           const std::string& deployed_by, std::stop_token stop);

// The structuredContent of ua_self_rollback (schemas/tools/ua_self_rollback.output.json).
nlohmann::json RollbackToJson(const engine::RollbackResult& result);
// "Rolled back to v0.1.0 (backup 20250120T103000.123Z). 3 files restored and verified. Tests
// passed."
std::string RollbackSummary(const engine::RollbackResult& result);

Result<mcp::ToolDefinition> RollbackToolDefinition(const ToolSession& session);

}  // namespace ua::tools
