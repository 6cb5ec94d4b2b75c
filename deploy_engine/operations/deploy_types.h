// The vocabulary of an operation shared by the deployer, rollback, the state machine and the
// tools layer that turns it into JSON: states, outcomes, state records and progress. Findings
// live in validation/finding.h, test outcomes in checks/post_deploy_tests.h. Plain values;
// safe to copy between threads.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace ua::engine {

enum class DeployState {
  kIdle,
  kChecking,
  kBackingUp,
  kDeploying,
  kTesting,
  kFinalizing,
  kComplete,
  kRollback,
};
// "IDLE", "CHECKING", ... as in docs/design.md "The deployment".
const char* DeployStateName(DeployState s);

enum class DeployOutcome { kComplete, kNoChanges, kDryRun, kRolledBack, kFailed };
// "complete", "no_changes", "dry_run", "rolled_back", "failed".
const char* DeployOutcomeName(DeployOutcome o);

struct StateRecord {
  DeployState state = DeployState::kIdle;
  std::string entered_at;  // ISO UTC
  int64_t ms = 0;          // time spent in the state
};

// Progress (docs/design.md "The deployment"): CHECKING 10, BACKING_UP 30, DEPLOYING 60, TESTING 85,
// FINALIZING 95, COMPLETE 100 of 100, with per-file steps inside BACKING_UP and DEPLOYING.
// Called on the deploying thread; must not block for long.
struct ProgressUpdate {
  DeployState state = DeployState::kIdle;
  double percent = 0;  // 0..100, never decreasing within one operation
  size_t done = 0;     // items handled inside `state` (files), when it handles items
  size_t total = 0;    // 0 when the state does not count items
  std::string message;
};
using ProgressFn = std::function<void(const ProgressUpdate& update)>;

}  // namespace ua::engine
