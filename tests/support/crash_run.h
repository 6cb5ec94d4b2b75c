// The two halves of a real crash test: run `ua-deploy` in an ExampleSandbox so that it
// SIGKILLs itself at a fault point (fault_injection.h), then start it again with `status`,
// which recovers whatever the dead process left in flight before it reports.
//
// Owned by one test; not shared between threads.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "platform/subprocess.h"
#include "tests/support/example_sandbox.h"

namespace ua::testing {

// Runs `ua-deploy <args>` with UA_DEPLOY_FAULT=<point>=kill; REQUIREs that it ran within
// the deadline and died of SIGKILL.
SubprocessResult RunKilledAt(const ExampleSandbox& box, const std::vector<std::string>& args,
                             const std::string& point);

// Runs `ua-deploy status --config <config> --json`; REQUIREs that it succeeded with a JSON
// object and CHECKs that the lock is free and nothing is left interrupted. Returns the report.
nlohmann::json StatusAfterRecovery(const ExampleSandbox& box, const std::filesystem::path& config);

}  // namespace ua::testing
