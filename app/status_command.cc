#include "app/status_command.h"

#include <cstdio>
#include <iostream>

#include "app/exit_codes.h"
#include "tools/status_tool.h"

namespace ua::app {

int RunStatus(const tools::ToolSession& session, const std::optional<std::string>& profile,
              bool json) {
  auto report = tools::GatherStatus(session, profile);
  if (!report.ok()) {
    std::cerr << "ua-deploy status: " << report.status().ToString() << "\n";
    return ExitCodeFor(report.status());
  }
  if (json) {
    std::cout << tools::StatusToJson(*report).dump(2) << "\n";
  } else {
    std::cout << tools::StatusSummary(*report) << "\n";
  }
  return std::cout.good() ? kExitOk : kExitFailed;
}

}  // namespace ua::app
