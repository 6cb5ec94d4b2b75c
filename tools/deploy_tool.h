// ua_self_deploy: the MCP tool and `ua-deploy deploy` share this code, so the CLI's --json
// prints exactly the tool's structuredContent.
//
// Destructive, not idempotent. The ToolSession must outlive the returned ToolDefinition.
// Calls run one at a time on the server's worker thread (see mcp/server.h); the engine's
// lock keeps deployments of one profile exclusive across processes too.
#pragma once

#include <optional>
#include <stop_token>
#include <string>

#include <nlohmann/json.hpp>

#include "base/status.h"
#include "deploy_engine/operations/deployer.h"
#include "mcp/tool.h"
#include "tools/tool_session.h"

namespace ua::tools {

struct DeployArguments {
  std::optional<std::string> profile;
  bool dry_run = false;
  std::optional<std::string> version;
  std::string message;
};

// Resolves the profile and runs the deployment. Errors: config/profile problems, lock held
// (kBusy), bad version; every other failure is a DeployResult with its outcome.
Result<engine::DeployResult> RunDeploy(const ToolSession& session, const DeployArguments& args,
                                       const std::string& deployed_by, std::stop_token stop,
                                       engine::ProgressFn progress);

// The structuredContent of ua_self_deploy (schemas/tools/ua_self_deploy.output.json).
nlohmann::json DeployToJson(const engine::DeployResult& result);
// "Found 3 files to update. Backup ... created. Deployed v0.1.1 (a1b2c3d). Tests passed."
std::string DeploySummary(const engine::DeployResult& result);
// True for outcomes that are failures to the caller (rolled_back, failed).
bool IsFailedOutcome(engine::DeployOutcome outcome);

Result<mcp::ToolDefinition> DeployToolDefinition(const ToolSession& session);

}  // namespace ua::tools
