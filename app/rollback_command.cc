#include "app/rollback_command.h"

#include "app/print_outcome.h"
#include "app/stop_on_signal.h"

namespace ua::app {

int RunRollbackCommand(const tools::ToolSession& session, const tools::RollbackArguments& args,
                       bool json) {
  StopOnSignal stop;
  auto result = tools::RunRollback(session, args, "cli:" + session.env.UserName(), stop.token());
  return PrintOutcome("rollback", result, json, tools::RollbackToJson, tools::RollbackSummary,
                      [](const engine::RollbackResult& r) {
                        return r.outcome == engine::RollbackOutcome::kFailed;
                      });
}

}  // namespace ua::app
