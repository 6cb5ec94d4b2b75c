// Registers the ua-deploy tools with an MCP server. Only tools whose engine exists are
// registered (no placeholders). `session` must outlive `server`.
#pragma once

#include "base/status.h"
#include "mcp/server.h"
#include "tools/tool_session.h"

namespace ua::tools {

Status RegisterTools(mcp::Server& server, const ToolSession& session);

}  // namespace ua::tools
