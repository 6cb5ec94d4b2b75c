// The vocabulary of a deployment shared by the engine, the validators, the post-deploy
// tests, and the tools layer that turns it into JSON: states, outcomes, findings, test
// outcomes, and the result of a deployment. Plain values; safe to copy between threads.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "deploy_engine/git_facts.h"
#include "deploy_engine/plan.h"

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
// "IDLE", "CHECKING", ... as in DESIGN.md.
const char* DeployStateName(DeployState s);

enum class DeployOutcome { kComplete, kNoChanges, kDryRun, kRolledBack, kFailed };
// "complete", "no_changes", "dry_run", "rolled_back", "failed".
const char* DeployOutcomeName(DeployOutcome o);

struct ValidationFinding {
  std::string validator;  // "json", "python_syntax", ...
  std::string path;       // relative to the source root; "" when not about one file
  std::optional<int> line;
  std::optional<int> column;
  std::string severity;  // "error" | "warning"
  std::string message;   // never contains a secret's value
};

struct TestOutcome {
  std::string name;
  bool passed = false;
  int64_t ms = 0;
  std::string output_tail;  // the end of stdout/stderr, or the reason it failed
};

struct StateRecord {
  DeployState state = DeployState::kIdle;
  std::string entered_at;  // ISO UTC
  int64_t ms = 0;          // time spent in the state
};

// Progress as DESIGN.md gives it: CHECKING 10, BACKING_UP 30, DEPLOYING 60, TESTING 85,
// FINALIZING 95, COMPLETE 100 of 100, with per-file steps inside BACKING_UP and DEPLOYING.
// Called on the deploying thread; must not block for long.
using ProgressFn = std::function<void(double percent, const std::string& message)>;

}  // namespace ua::engine
