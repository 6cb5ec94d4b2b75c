// Exit codes of the ua-deploy executable (docs/design.md "The executable"), and the mapping from
// an engine Status to them.
#pragma once

#include "base/status.h"

namespace ua::app {

enum ExitCode : int {
  kExitOk = 0,        // success, also no-op and dry-run
  kExitFailed = 1,    // deployment failed or rolled back
  kExitUsage = 2,     // usage or config error
  kExitLockHeld = 3,  // lock held by another deployment
};

inline int ExitCodeFor(const Status& status) {
  if (status.ok()) return kExitOk;
  switch (status.code()) {
    case StatusCode::kBusy:
      return kExitLockHeld;
    case StatusCode::kInvalidArgument:
    case StatusCode::kNotFound:
      return kExitUsage;
    default:
      return kExitFailed;
  }
}

}  // namespace ua::app
