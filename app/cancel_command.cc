#include "app/cancel_command.h"

#include <iostream>

#include "app/exit_codes.h"
#include "deploy_engine/operations/operation_control.h"

namespace ua::app {

int RunCancelCommand(const tools::ToolSession& session, const std::optional<std::string>& profile,
                     const std::string& deployment_id) {
  auto fail = [](const Status& s) {
    std::cerr << "ua-deploy cancel: " << s.ToString() << "\n";
    return ExitCodeFor(s);
  };
  auto resolved = session.ResolveProfile(profile);
  if (!resolved.ok()) return fail(resolved.status());
  auto cancel = engine::CancelOperation(resolved->second.backup_dir, deployment_id);
  if (!cancel.ok()) return fail(cancel.status());
  std::cout << cancel->message << "\n";
  return std::cout.good() ? kExitOk : kExitFailed;
}

}  // namespace ua::app
