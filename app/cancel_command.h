// `ua-deploy cancel [--config FILE] [--profile P] DEPLOYMENT_ID`: asks a running deploy or
// rollback of the profile to stop at its next safe point (it rolls production back if it had
// touched it), whichever process runs it: one started through MCP, with --detach, or a
// foreground command in another terminal. An operation that already finished is left alone
// and the answer says so. Exit 0 when the operation was found, 2 for an id that is not one,
// and the usual codes otherwise (app/exit_codes.h).
#pragma once

#include <optional>
#include <string>

#include "tools/tool_session.h"

namespace ua::app {

int RunCancelCommand(const tools::ToolSession& session, const std::optional<std::string>& profile,
                     const std::string& deployment_id);

}  // namespace ua::app
