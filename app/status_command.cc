#include "app/status_command.h"

#include "app/diff_colour.h"
#include "app/print_outcome.h"
#include "app/stop_on_signal.h"

namespace ua::app {

int RunStatus(const tools::ToolSession& session, const nlohmann::json& args, bool json,
              const std::optional<std::string>& wait_for) {
  StopOnSignal stop;
  tools::StatusRequest request = tools::StatusRequestFrom(args);
  if (wait_for) {
    request.deployment_id = *wait_for;
    request.wait = std::chrono::hours(24 * 365);  // to its end: only Ctrl-C ends the wait
  }
  auto report = tools::GatherStatus(session, request, stop.token());
  // Exit 1 when --check-health found production unhealthy, or the followed operation failed.
  return PrintOutcome(
      "status", report, json, tools::StatusToJson,
      [](const engine::StatusReport& r) {
        const std::string text = tools::StatusSummary(r);
        return ColourWanted() ? ColourDiff(text) : text;
      },
      [&wait_for](const engine::StatusReport& r) {
        if (wait_for && r.operation && (r.operation->interrupted || r.operation->record.is_error)) {
          return true;
        }
        return r.health && r.health->status == engine::HealthStatus::kUnhealthy;
      });
}

}  // namespace ua::app
