// ua_self_deploy: the MCP tool and `ua-deploy deploy` share this code, so the CLI's --json
// prints exactly the tool's structuredContent. Its arguments are declared in
// schemas/tools/ua_self_deploy.input.json and read in DeployRequestFrom alone.
//
// Destructive, not idempotent. The ToolSession must outlive the returned ToolDefinition.
// Calls run one at a time on the server's worker thread (see mcp/server.h); the engine's
// lock keeps deployments of one profile exclusive across processes too.
#pragma once

#include <stop_token>
#include <string>

#include <nlohmann/json.hpp>

#include "base/status.h"
#include "deploy_engine/operations/deployer.h"
#include "mcp/tool.h"
#include "tools/operation_call.h"
#include "tools/recorded_run.h"
#include "tools/tool_session.h"

namespace ua::tools {

// The engine request for ua_self_deploy's arguments `args` as a handler receives them
// (checked against schemas/tools/ua_self_deploy.input.json, defaults filled; see
// tool_arguments.h): the profile resolved through the session, `deployed_by` recorded. The one
// place that says what each argument means to the engine. Errors: the config or the profile
// cannot be resolved.
Result<engine::DeployRequest> DeployRequestFrom(const ToolSession& session,
                                                const nlohmann::json& args,
                                                const std::string& deployed_by);

// DeployRequestFrom, then the deployment in this process, with `context`'s seams, id,
// cancellation and progress. Errors: config/profile problems, lock held (kBusy),
// bad version; every other failure is a DeployResult with its outcome.
Result<engine::DeployResult> RunDeploy(const ToolSession& session, const nlohmann::json& args,
                                       const std::string& deployed_by,
                                       const engine::DeployContext& context);
// RunDeploy's result as ua_self_deploy answers it: structuredContent, the summary, isError.
mcp::ToolResult DeployToolResult(const Result<engine::DeployResult>& result);
// RunDeploy of `args` for `deployed_by`, as the body of a recorded or detached run. Borrows
// the session.
OperationBody DeployBody(const ToolSession& session, nlohmann::json args, std::string deployed_by);
// The operation kind of ua_self_deploy for HandleOperationCall (operation_call.h): its bodies run
// for `caller`. Borrows the session.
OperationKind DeployKind(const ToolSession& session, std::string caller);

// The structuredContent of ua_self_deploy (schemas/tools/ua_self_deploy.output.json).
nlohmann::json DeployToJson(const engine::DeployResult& result);
// "Found 3 files to update. Backup ... created. Deployed v0.1.1 (a1b2c3d). Tests passed."
std::string DeploySummary(const engine::DeployResult& result);
// True for outcomes that are failures to the caller (rolled_back, failed).
bool IsFailedOutcome(engine::DeployOutcome outcome);

Result<mcp::ToolDefinition> DeployToolDefinition(const ToolSession& session);

}  // namespace ua::tools
