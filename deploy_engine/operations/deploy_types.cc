#include "deploy_engine/operations/deploy_types.h"

namespace ua::engine {

const char* DeployStateName(DeployState s) {
  switch (s) {
    case DeployState::kIdle:
      return "IDLE";
    case DeployState::kChecking:
      return "CHECKING";
    case DeployState::kBackingUp:
      return "BACKING_UP";
    case DeployState::kDeploying:
      return "DEPLOYING";
    case DeployState::kTesting:
      return "TESTING";
    case DeployState::kFinalizing:
      return "FINALIZING";
    case DeployState::kComplete:
      return "COMPLETE";
    case DeployState::kRollback:
      return "ROLLBACK";
  }
  return "UNKNOWN";
}

const char* DeployOutcomeName(DeployOutcome o) {
  switch (o) {
    case DeployOutcome::kComplete:
      return "complete";
    case DeployOutcome::kNoChanges:
      return "no_changes";
    case DeployOutcome::kDryRun:
      return "dry_run";
    case DeployOutcome::kRolledBack:
      return "rolled_back";
    case DeployOutcome::kFailed:
      return "failed";
  }
  return "failed";
}

}  // namespace ua::engine
