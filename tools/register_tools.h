// Registers the ua-deploy tools with an MCP server. Only tools whose engine exists are
// registered (no placeholders). Deploy and rollback are also offered as tasks to 2026-07-28
// clients that declare the Tasks extension (operation_tasks.h). `session` must outlive
// `server`.
#pragma once

#include "base/status.h"
#include "mcp/server.h"
#include "tools/tool_session.h"

namespace ua::tools {

Status RegisterTools(mcp::Server& server, const ToolSession& session);

}  // namespace ua::tools
