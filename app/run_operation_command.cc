#include "app/run_operation_command.h"

#include <unistd.h>

#include <csignal>
#include <iostream>

#include <nlohmann/json.hpp>

#include "app/exit_codes.h"
#include "app/stop_on_signal.h"
#include "deploy_engine/state/operation_record.h"
#include "tools/deploy_tool.h"
#include "tools/detached_run.h"
#include "tools/operation_runs.h"
#include "tools/rollback_tool.h"
#include "tools/tool_arguments.h"

namespace ua::app {

int RunOperationCommand(const tools::ToolSession& session, const RunOperationOptions& options) {
  StopOnSignal stop;
  const std::string tool = options.operation == "deploy"     ? "ua_self_deploy"
                           : options.operation == "rollback" ? "ua_self_rollback"
                                                             : "";
  if (tool.empty() || !engine::IsDeploymentId(options.deployment_id)) {
    std::cerr << "ua-deploy run-operation: needs --operation deploy|rollback and a deployment "
                 "id; it is started by ua-deploy serve, not by hand\n";
    return kExitUsage;
  }
  auto given = nlohmann::json::parse(options.arguments, nullptr, /*allow_exceptions=*/false);
  auto args = tools::CheckedToolArguments(tool, given);
  if (!args.ok()) {
    std::cerr << "ua-deploy run-operation: " << args.status().ToString() << "\n";
    return ExitCodeFor(args.status());
  }
  tools::OperationRun run{options.operation, *args, options.deployment_id,
                          options.operation == "rollback"
                              ? tools::RollbackBody(session, *args, options.caller)
                              : tools::DeployBody(session, *args, options.caller)};
  // Progress goes to stdout, a pipe to the MCP call that waits for the operation; once that
  // call has stopped waiting, writes fail (EPIPE) and are dropped.
  std::signal(SIGPIPE, SIG_IGN);
  const tools::OperationReply reply =
      tools::RunOperationHere(session, run, stop.token(), [](const engine::ProgressUpdate& u) {
        const std::string line = tools::ProgressStreamLine(u.percent, u.message);
        [[maybe_unused]] ssize_t ignored = ::write(STDOUT_FILENO, line.data(), line.size());
      });
  if (reply.refused != StatusCode::kOk) {
    std::cerr << "ua-deploy run-operation: " << reply.result.human_text << "\n";
    return ExitCodeFor(Status(reply.refused, reply.result.human_text));
  }
  return reply.result.is_error ? kExitFailed : kExitOk;
}

}  // namespace ua::app
