#include "app/operation_command.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>

#include "app/diff_colour.h"
#include "app/exit_codes.h"
#include "app/progress_line.h"
#include "app/stop_on_signal.h"
#include "tools/confirmation.h"
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

// Asks on the terminal when the profile wants a confirmation. kOk: go ahead.
Status Confirm(const tools::ToolSession& session, const OperationCommand& command,
               const std::string& caller) {
  auto resolved =
      session.ResolveProfile(tools::OptionalArgument<std::string>(command.args, "profile"));
  if (!resolved.ok() || !resolved->second.confirm || command.yes) return Status::Ok();
  tools::OperationKind kind = command.operation == "rollback" ? tools::RollbackKind(session, caller)
                                                              : tools::DeployKind(session, caller);
  tools::ConfirmSubject subject = tools::SubjectOf(session, kind, resolved->second, command.args);
  auto question = tools::PrepareQuestion(subject);
  if (!question.ok()) return question.status();
  if (!*question) return Status::Ok();
  std::cerr << (*question)->message << "\n";
  if (!::isatty(STDIN_FILENO)) {
    return Status(StatusCode::kFailedPrecondition,
                  "profile " + subject.profile.name +
                      " asks for a confirmation before production changes, and stdin is not a "
                      "terminal: run again with --yes to approve, or at a terminal to be asked. "
                      "Nothing was changed");
  }
  std::cerr << "Go ahead? [y/N] " << std::flush;
  std::string answer;
  std::getline(std::cin, answer);
  if (answer == "y" || answer == "Y" || answer == "yes" || answer == "YES") return Status::Ok();
  return Status(StatusCode::kCancelled,
                "not approved: the " + command.operation + " did not run. Production is untouched");
}

}  // namespace

int RunOperationCommand(const tools::ToolSession& session, const OperationCommand& command) {
  const std::string caller = "cli:" + session.env.UserName();
  const bool preview = command.args.value("dry_run", false) || command.args.value("list", false);
  if (!preview) {
    if (Status approved = Confirm(session, command, caller); !approved.ok()) {
      std::cerr << "ua-deploy " << command.operation << ": " << approved.message() << "\n";
      return kExitFailed;
    }
  }
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
    std::cout << (ColourWanted() ? ColourDiff(reply.result.human_text) : reply.result.human_text)
              << "\n";
  }
  if (!std::cout.good()) return kExitFailed;
  return reply.result.is_error ? kExitFailed : kExitOk;
}

}  // namespace ua::app
