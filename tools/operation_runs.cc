#include "tools/operation_runs.h"

#include "deploy_engine/state/deployment_id.h"
#include "platform/clock.h"
#include "tools/operation_tool.h"
#include "tools/tool_arguments.h"

namespace ua::tools {

OperationReply RunOperationHere(const ToolSession& session, const OperationRun& run,
                                std::stop_token stop, engine::ProgressFn also) {
  const bool preview = run.args.value("dry_run", false) || run.args.value("list", false);
  if (preview) return run.body(OperationContext(session, std::move(stop), std::move(also)));
  auto resolved = session.ResolveProfile(OptionalArgument<std::string>(run.args, "profile"));
  if (!resolved.ok()) {
    return OperationReply{mcp::ToolResult::Error(resolved.status().ToString()),
                          resolved.status().code()};
  }
  RecordedRun recorded;
  recorded.operation = run.operation;
  recorded.profile = std::move(resolved->second);
  recorded.deployment_id =
      !run.deployment_id.empty()
          ? run.deployment_id
          : engine::NewDeploymentId(SystemClock(), run.operation == "rollback" ? 'r' : 'd');
  return RunRecorded(session, recorded, run.body, std::move(stop), std::move(also));
}

}  // namespace ua::tools
