#include "app/operation_command.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>

#include "app/exit_codes.h"
#include "app/progress_line.h"
#include "app/stop_on_signal.h"
#include "tools/deploy_tool.h"
#include "tools/detached_run.h"
#include "tools/operation_runs.h"
#include "tools/rollback_tool.h"
#include "tools/tool_arguments.h"

namespace ua::app {
namespace {

int Detach(const tools::ToolSession& session, const OperationCommand& command,
           const std::string& caller) {
  auto resolved =
      session.ResolveProfile(tools::OptionalArgument<std::string>(command.args, "profile"));
  if (!resolved.ok()) {
    std::cerr << "ua-deploy " << command.operation << ": " << resolved.status().ToString() << "\n";
    return ExitCodeFor(resolved.status());
  }
  auto started =
      tools::StartDetached(session, command.operation, resolved->second, command.args, caller);
  if (!started.ok()) {
    std::cerr << "ua-deploy " << command.operation << ": " << started.status().ToString() << "\n";
    return ExitCodeFor(started.status());
  }
  ::close(started->progress_fd);  // nobody follows it from here
  if (command.json) {
    std::cout << nlohmann::json{{"deployment_id", started->deployment_id},
                                {"operation", command.operation},
                                {"pid", started->pid}}
                     .dump(2)
              << "\n";
  } else {
    std::cout << started->deployment_id << "\n";
  }
  std::cerr << "Started " << command.operation << " " << started->deployment_id << " (pid "
            << started->pid << "). Follow it: ua-deploy status --wait " << started->deployment_id
            << "; stop it: ua-deploy cancel " << started->deployment_id << "\n";
  return std::cout.good() ? kExitOk : kExitFailed;
}

}  // namespace

int RunOperationCommand(const tools::ToolSession& session, const OperationCommand& command) {
  const std::string caller = "cli:" + session.env.UserName();
  const bool preview = command.args.value("dry_run", false) || command.args.value("list", false);
  if (command.detach && !preview) return Detach(session, command, caller);

  StopOnSignal stop;
  ProgressLine line(!command.json && ::isatty(STDERR_FILENO));
  tools::OperationRun run{command.operation, command.args, "",
                          command.operation == "rollback"
                              ? tools::RollbackBody(session, command.args, caller)
                              : tools::DeployBody(session, command.args, caller)};
  const tools::OperationReply reply = tools::RunOperationHere(
      session, run, stop.token(), [&line](const engine::ProgressUpdate& u) { line.Show(u); });
  line.Done();
  if (reply.refused != StatusCode::kOk) {
    std::cerr << "ua-deploy " << command.operation << ": " << reply.result.human_text << "\n";
    return ExitCodeFor(Status(reply.refused, reply.result.human_text));
  }
  if (command.json) {
    std::cout << reply.result.structured.dump(2) << "\n";
  } else {
    std::cout << reply.result.human_text << "\n";
  }
  if (!std::cout.good()) return kExitFailed;
  return reply.result.is_error ? kExitFailed : kExitOk;
}

}  // namespace ua::app
