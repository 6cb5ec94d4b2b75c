#include "tools/register_tools.h"

#include "tools/deploy_tool.h"
#include "tools/rollback_tool.h"
#include "tools/status_tool.h"

namespace ua::tools {

Status RegisterTools(mcp::Server& server, const ToolSession& session) {
  UA_ASSIGN_OR_RETURN(mcp::ToolDefinition status, StatusToolDefinition(session));
  UA_RETURN_IF_ERROR(server.AddTool(std::move(status)));
  UA_ASSIGN_OR_RETURN(mcp::ToolDefinition deploy, DeployToolDefinition(session));
  UA_RETURN_IF_ERROR(server.AddTool(std::move(deploy)));
  UA_ASSIGN_OR_RETURN(mcp::ToolDefinition rollback, RollbackToolDefinition(session));
  UA_RETURN_IF_ERROR(server.AddTool(std::move(rollback)));
  return Status::Ok();
}

}  // namespace ua::tools
