// StatusReport: everything ua_self_status and `ua-deploy status` say about a profile,
// gathered read-only (the one write is the disposable hash cache).
//
// Gathering never fails as a whole because one fact is unavailable: a missing VERSION, a
// source that is not a git repository, or an unreadable backup are recorded as facts
// (version_state, source_git_error, damaged backups). Only a missing source directory or an
// unreadable tree makes ComputeStatus return an error Status.
//
// Thread-safety: ComputeStatus may run concurrently with a deployment in another process;
// it takes no lock and reports the lock holder instead.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/status.h"
#include "deploy_engine/backup/backup_catalog.h"
#include "deploy_engine/checks/health_check.h"
#include "deploy_engine/checks/restart_detection.h"
#include "deploy_engine/config/config.h"
#include "deploy_engine/files/plan.h"
#include "deploy_engine/operations/operation_control.h"
#include "deploy_engine/preview/diff_preview.h"
#include "deploy_engine/state/deploy_lock.h"
#include "deploy_engine/state/version_file.h"
#include "platform/environment.h"
#include "platform/git_facts.h"

namespace ua::engine {

struct StatusReport {
  Profile profile;
  std::string config_origin;
  VersionRead production;             // VERSION of the target
  std::optional<double> age_seconds;  // now - production.deployed, when parseable
  Plan pending;                       // what a deploy would change now
  std::optional<GitFacts> source_git;
  std::string source_git_error;     // why source_git is empty
  std::vector<BackupInfo> backups;  // newest first
  LockProbe lock;
  std::optional<nlohmann::json> last_deployment;
  bool interrupted = false;  // a journal exists and nobody holds the lock: recovery pending
  size_t hash_cache_hits = 0;
  size_t hash_cache_misses = 0;
  std::optional<HealthReport> health;  // set only when a health check was asked for
  // Deploys and rollbacks running now in processes of their own (operation_control.h).
  std::vector<OperationRecord> running;
  // Set only when the caller asked about one operation by its id.
  std::optional<OperationView> operation;
  // Processes that started before production's current release was deployed and still run
  // it from the target: they run the old code. kUnknown where processes cannot be listed.
  RestartCheck restart;
  // Set only when the caller asked for it: the pending change inside each file.
  std::optional<DiffPreview> diff;
};

Result<StatusReport> ComputeStatus(const Config& config, const Profile& profile,
                                   const Environment& env,
                                   std::chrono::system_clock::time_point now);

}  // namespace ua::engine
