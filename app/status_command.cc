#include "app/status_command.h"

#include <cstdio>
#include <iostream>

#include "app/exit_codes.h"
#include "app/stop_on_signal.h"

namespace ua::app {

int RunStatus(const tools::ToolSession& session, const tools::StatusRequest& request, bool json) {
  StopOnSignal stop;
  auto report = tools::GatherStatus(session, request, stop.token());
  if (!report.ok()) {
    std::cerr << "ua-deploy status: " << report.status().ToString() << "\n";
    return ExitCodeFor(report.status());
  }
  if (json) {
    std::cout << tools::StatusToJson(*report).dump(2) << "\n";
  } else {
    std::cout << tools::StatusSummary(*report) << "\n";
  }
  if (!std::cout.good()) return kExitFailed;
  const bool unhealthy =
      report->health && report->health->status == engine::HealthStatus::kUnhealthy;
  return unhealthy ? kExitFailed : kExitOk;
}

}  // namespace ua::app
