// `ua-deploy deploy [--profile P] [--dry-run] [--version X] [--message M] [--json]`.
// SIGINT/SIGTERM cancel the deployment at the next safe point (rolling back if production
// was touched) instead of killing it mid-switch.
#pragma once

#include "tools/deploy_tool.h"
#include "tools/tool_session.h"

namespace ua::app {

int RunDeployCommand(const tools::ToolSession& session, const tools::DeployArguments& args,
                     bool json);

}  // namespace ua::app
