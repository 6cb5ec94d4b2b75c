#include "app/status_command.h"

#include "app/print_outcome.h"
#include "app/stop_on_signal.h"

namespace ua::app {

int RunStatus(const tools::ToolSession& session, const tools::StatusRequest& request, bool json) {
  StopOnSignal stop;
  auto report = tools::GatherStatus(session, request, stop.token());
  // Exit 1 when --check-health found production unhealthy.
  return PrintOutcome("status", report, json, tools::StatusToJson, tools::StatusSummary,
                      [](const engine::StatusReport& r) {
                        return r.health && r.health->status == engine::HealthStatus::kUnhealthy;
                      });
}

}  // namespace ua::app
