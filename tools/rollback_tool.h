// ua_self_rollback: the MCP tool and `ua-deploy rollback` share this code, so the CLI's
// --json prints exactly the tool's structuredContent. Its arguments are declared in
// schemas/tools/ua_self_rollback.input.json and read in RollbackRequestFrom alone.
//
// Destructive (it replaces production's managed files), not idempotent. The ToolSession must
// outlive the returned ToolDefinition. Calls run one at a time on the server's worker thread;
// the engine's lock keeps rollbacks and deployments of one profile exclusive across
// processes.
#pragma once

#include <stop_token>
#include <string>

#include <nlohmann/json.hpp>

#include "base/status.h"
#include "deploy_engine/operations/rollback.h"
#include "mcp/tool.h"
#include "tools/operation_call.h"
#include "tools/recorded_run.h"
#include "tools/tool_session.h"

namespace ua::tools {

// The engine request for ua_self_rollback's arguments `args` as a handler receives them
// (checked against schemas/tools/ua_self_rollback.input.json, defaults filled; see
// tool_arguments.h): the profile resolved through the session, `deployed_by` recorded. The one
// place that says what each argument means to the engine. Errors: the config or the profile
// cannot be resolved.
Result<engine::RollbackRequest> RollbackRequestFrom(const ToolSession& session,
                                                    const nlohmann::json& args,
                                                    const std::string& deployed_by);

// RollbackRequestFrom, then the rollback (or the listing). Errors: config/profile problems,
// bad or unknown backup id or version, nothing to roll back, a damaged backup, lock held
// (kBusy).
Result<engine::RollbackResult> RunRollback(const ToolSession& session, const nlohmann::json& args,
                                           const std::string& deployed_by,
                                           const engine::DeployContext& context);
// RunRollback's result as ua_self_rollback answers it: structuredContent, the summary, isError.
mcp::ToolResult RollbackToolResult(const Result<engine::RollbackResult>& result);
// RunRollback of `args` for `deployed_by`, as the body of a recorded or detached run. Borrows
// the session.
OperationBody RollbackBody(const ToolSession& session, nlohmann::json args,
                           std::string deployed_by);
// The operation kind of ua_self_rollback for HandleOperationCall (operation_call.h): its bodies run
// for `caller`. Borrows the session.
OperationKind RollbackKind(const ToolSession& session, std::string caller);

// The structuredContent of ua_self_rollback (schemas/tools/ua_self_rollback.output.json).
nlohmann::json RollbackToJson(const engine::RollbackResult& result);
// "Rolled back to v0.1.0 (backup 20250120T103000.123Z). 3 files restored and verified. Tests
// passed."
std::string RollbackSummary(const engine::RollbackResult& result);

Result<mcp::ToolDefinition> RollbackToolDefinition(const ToolSession& session);

}  // namespace ua::tools
