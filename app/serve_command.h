// `ua-deploy serve`: the MCP server on stdio.
#pragma once

#include "tools/tool_session.h"

namespace ua::app {

// Runs until stdin reaches EOF (or SIGTERM/SIGINT). Returns the process exit code.
int RunServe(const tools::ToolSession& session);

}  // namespace ua::app
