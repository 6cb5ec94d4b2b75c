// `ua-deploy status [--profile P] [--check-health] [--json]`: the options besides --json are
// ua_self_status's arguments (app/tool_options.h).
//
// Exit code: 0, or 1 when --check-health found production unhealthy (an unknown health is
// not a failure: the text says why it could not be checked); 2 for config errors.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "tools/status_tool.h"
#include "tools/tool_session.h"

namespace ua::app {

// `args`: ua_self_status's arguments, checked and completed (ToolOptions::Arguments).
// `wait_for`: `--wait ID`: follow that operation to its end first (Ctrl-C ends the waiting,
// not the operation), report it, and exit 1 when its result is an error.
int RunStatus(const tools::ToolSession& session, const nlohmann::json& args, bool json,
              const std::optional<std::string>& wait_for = std::nullopt);

}  // namespace ua::app
