#include "app/deploy_command.h"

#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "app/exit_codes.h"
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
  if (!result.ok()) {
    std::cerr << "ua-deploy deploy: " << result.status().ToString() << "\n";
    return ExitCodeFor(result.status());
  }
  if (json) {
    std::cout << tools::DeployToJson(*result).dump(2) << "\n";
  } else {
    std::cout << tools::DeploySummary(*result) << "\n";
  }
  if (!std::cout.good()) return kExitFailed;
  return tools::IsFailedOutcome(result->outcome) ? kExitFailed : kExitOk;
}

}  // namespace ua::app
