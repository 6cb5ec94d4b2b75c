// PrintOutcome: how the one-shot commands (status, deploy, rollback) report their result and
// choose their exit code, in one place.
//
// An error Status is printed to stderr as "ua-deploy <command>: <status>" and mapped by
// ExitCodeFor. Otherwise the value is printed to stdout, as indented JSON when `json` is set,
// else as its human summary; the exit code is kExitFailed when stdout could not be written or
// `failed(value)` holds, kExitOk otherwise. Main thread only (it writes std::cout/std::cerr).
#pragma once

#include <iostream>
#include <string_view>

#include "app/exit_codes.h"
#include "base/status.h"

namespace ua::app {

template <typename T, typename ToJson, typename Summary, typename Failed>
int PrintOutcome(std::string_view command, const Result<T>& result, bool json, ToJson to_json,
                 Summary summary, Failed failed) {
  if (!result.ok()) {
    std::cerr << "ua-deploy " << command << ": " << result.status().ToString() << "\n";
    return ExitCodeFor(result.status());
  }
  if (json) {
    std::cout << to_json(*result).dump(2) << "\n";
  } else {
    std::cout << summary(*result) << "\n";
  }
  if (!std::cout.good()) return kExitFailed;
  return failed(*result) ? kExitFailed : kExitOk;
}

}  // namespace ua::app
