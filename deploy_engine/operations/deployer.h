// Deployer: one deployment of a profile, as docs/design.md "The deployment" describes:
// IDLE -> CHECKING -> BACKING_UP -> DEPLOYING -> TESTING -> FINALIZING -> COMPLETE, with
// ROLLBACK from every working state (see state_machine.h for the table).
//
// Guarantees (see docs/design.md "Crash safety"): production's managed files are, at
// every instant a crash may happen, recoverable to exactly the old or the new release; the
// next Deploy/Recover of the profile resolves a journal left by a dead process before
// anything else; unmanaged files are never opened for writing; the lock (deploy_lock.h) is
// held from CHECKING to the end and released on every path.
//
// Deploy() blocks the calling thread. It may be called from several threads or processes at
// once: all but one get kBusy (or wait up to the profile's lock_timeout_s).
#pragma once

#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/status.h"
#include "deploy_engine/checks/post_deploy_tests.h"
#include "deploy_engine/config/config.h"
#include "deploy_engine/files/plan.h"
#include "deploy_engine/operations/deploy_types.h"
#include "deploy_engine/operations/operation_context.h"
#include "deploy_engine/operations/restore_report.h"
#include "deploy_engine/preview/diff_preview.h"
#include "deploy_engine/validation/finding.h"
#include "platform/git_facts.h"

namespace ua::engine {

struct DeployRequest {
  Profile profile;
  std::filesystem::path log_file;  // the config's log_file (JSON lines per event)
  bool dry_run = false;
  // Also preview the change inside each file (preview/diff_preview.h), from the plan, in
  // CHECKING: the result's `diff`.
  bool diff = false;
  std::optional<std::string> version;  // explicit version; else version rules
  std::string message;                 // free text recorded in history
  std::string deployed_by;             // MCP client name or "cli:<user>"
};

struct DeployResult {
  std::string deployment_id;
  DeployOutcome outcome = DeployOutcome::kFailed;
  std::string profile;
  std::string version;           // the version deployed (or that would be, for dry_run)
  std::string previous_version;  // production's version before; "" when none
  std::string backup_id;         // "" when no backup was made
  Plan plan;
  std::vector<ValidationFinding> validation;
  std::vector<TestOutcome> tests;
  std::optional<GitFacts> git;
  std::string git_error;  // why git is empty
  std::vector<StateRecord> states;
  int64_t duration_ms = 0;
  std::string failed_state;                 // the state that failed, for rolled_back / failed
  std::string failure_reason;               // what went wrong, what to do
  bool version_file_was_corrupt = false;    // the old VERSION was corrupt; backed up, replaced
  std::optional<nlohmann::json> recovered;  // an interrupted operation resolved first
  // Only when outcome is failed after touching production: what production is, read from its
  // files, and how to finish the restore by hand.
  std::optional<RecoveryReport> recovery;
  std::optional<DiffPreview> diff;  // when the request asked for it and the plan was made
};

// Errors as Status only for what prevents a deployment from starting at all: lock held
// (kBusy, with the holder), bad request (kInvalidArgument: version not x.y.z, downgrade without
// allow_downgrade). Everything else is a DeployResult with its outcome.
Result<DeployResult> Deploy(const DeployRequest& request, const DeployContext& context);

}  // namespace ua::engine
