#include "app/rollback_command.h"

#include <iostream>

#include "app/exit_codes.h"
#include "app/stop_on_signal.h"

namespace ua::app {

int RunRollbackCommand(const tools::ToolSession& session, const tools::RollbackArguments& args,
                       bool json) {
  StopOnSignal stop;
  auto result = tools::RunRollback(session, args, "cli:" + session.env.UserName(), stop.token());
  if (!result.ok()) {
    std::cerr << "ua-deploy rollback: " << result.status().ToString() << "\n";
    return ExitCodeFor(result.status());
  }
  if (json) {
    std::cout << tools::RollbackToJson(*result).dump(2) << "\n";
  } else {
    std::cout << tools::RollbackSummary(*result) << "\n";
  }
  if (!std::cout.good()) return kExitFailed;
  return result->outcome == engine::RollbackOutcome::kFailed ? kExitFailed : kExitOk;
}

}  // namespace ua::app
