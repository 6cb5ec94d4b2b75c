#include "tools/register_tools.h"

#include <memory>

#include "tools/deploy_tool.h"
#include "tools/operation_tasks.h"
#include "tools/rollback_tool.h"
#include "tools/status_tool.h"
#include "tools/tool_arguments.h"

namespace ua::tools {

Status RegisterTools(mcp::Server& server, const ToolSession& session) {
  UA_ASSIGN_OR_RETURN(mcp::ToolDefinition status, StatusToolDefinition(session));
  UA_RETURN_IF_ERROR(server.AddTool(std::move(status)));
  UA_ASSIGN_OR_RETURN(mcp::ToolDefinition deploy, DeployToolDefinition(session));
  UA_RETURN_IF_ERROR(server.AddTool(std::move(deploy)));
  UA_ASSIGN_OR_RETURN(mcp::ToolDefinition rollback, RollbackToolDefinition(session));
  UA_RETURN_IF_ERROR(server.AddTool(std::move(rollback)));

  SubjectFor subject_for = [&session](const std::string& operation, const nlohmann::json& args,
                                      const std::string& caller) -> Result<ConfirmSubject> {
    OperationKind kind =
        operation == "rollback" ? RollbackKind(session, caller) : DeployKind(session, caller);
    UA_ASSIGN_OR_RETURN(auto resolved,
                        session.ResolveProfile(OptionalArgument<std::string>(args, "profile")));
    return SubjectOf(session, kind, std::move(resolved.second), args);
  };
  server.SetTaskService(std::make_shared<OperationTasks>(session, std::move(subject_for)));
  return Status::Ok();
}

}  // namespace ua::tools
