#include "app/deploy_command.h"

#include <unistd.h>

#include <cstdio>

#include "app/print_outcome.h"
#include "app/stop_on_signal.h"

namespace ua::app {

int RunDeployCommand(const tools::ToolSession& session, const tools::DeployArguments& args,
                     bool json) {
  StopOnSignal stop;
  const bool show_progress = !json && isatty(STDERR_FILENO);
  auto result =
      tools::RunDeploy(session, args, "cli:" + session.env.UserName(), stop.token(),
                       [show_progress](double percent, const std::string& message) {
                         if (show_progress)
                           std::fprintf(stderr, "[%3.0f%%] %s\n", percent, message.c_str());
                       });
  return PrintOutcome(
      "deploy", result, json, tools::DeployToJson, tools::DeploySummary,
      [](const engine::DeployResult& r) { return tools::IsFailedOutcome(r.outcome); });
}

}  // namespace ua::app
