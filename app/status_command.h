// `ua-deploy status [--profile P] [--check-health] [--json]`.
//
// Exit code: 0, or 1 when --check-health found production unhealthy (an unknown health is
// not a failure: the text says why it could not be checked); 2 for config errors.
#pragma once

#include "tools/status_tool.h"
#include "tools/tool_session.h"

namespace ua::app {

int RunStatus(const tools::ToolSession& session, const tools::StatusRequest& request, bool json);

}  // namespace ua::app
