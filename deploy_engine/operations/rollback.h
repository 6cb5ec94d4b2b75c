// Rollback: puts one verified backup back into production (ua_self_rollback, `ua-deploy
// rollback`), or lists the backups a profile has.
//
// Guarantees:
// - Arguments are checked before any file is opened: a backup id must look like one
//   (IsBackupId: no '/', "..", NUL, leading '.') and a version must be x.y.z, else
//   kInvalidArgument. Ids are then matched against ListBackups' ids and the listed directory
//   is used; the id as given is never joined to a path.
// - A damaged backup (manifest missing or invalid, files differing from it) is never
//   restored: kFailedPrecondition with the reason and the first mismatching files.
// - The restore goes through the deploy lock, a journal (operation "rollback", whose backup is
//   the safety backup), staging and the release switch (release_switch.h): a crash at any
//   point leaves production, after recovery, exactly as before the rollback or exactly the
//   restored release. Before production changes, its managed files are saved in a "safety"
//   backup, so every rollback can itself be rolled back.
// - Only managed paths (the profile's include/exclude) are written or removed; unmanaged files
//   are never touched. VERSION is rewritten, not restored: it names the restored version plus
//   rolled_back_from, restored_backup_id and this rollback's deployment_id; a backup made when
//   production had no VERSION brings production back to having none.
// - A failing post-deploy test after the switch gives outcome kFailed, loudly; production
//   stays on the restored content (what was asked for) and the result names the safety backup
//   that undoes it.
// - dry_run and list change nothing (no lock file, no backup_dir, no log line is created).
//
// Errors as Status are for requests that cannot start: bad arguments (kInvalidArgument),
// unknown backup or version (kNotFound), nothing to roll back or a damaged choice
// (kFailedPrecondition), lock held (kBusy). Blocks the calling thread; any thread may call it,
// the deploy lock serialises rollbacks and deployments of one profile across processes.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/status.h"
#include "deploy_engine/config/config.h"
#include "deploy_engine/operations/deploy_types.h"
#include "deploy_engine/operations/deployer.h"

namespace ua::engine {

struct RollbackRequest {
  Profile profile;
  std::filesystem::path log_file;        // the config's log_file (JSON lines per event)
  std::optional<std::string> backup_id;  // restore this backup
  std::optional<std::string> version;    // else the newest good backup holding this version
  bool list = false;                     // only list the backups
  bool dry_run = false;                  // only show what would change
  std::string deployed_by;               // MCP client name or "cli:<user>"
};

enum class RollbackOutcome { kComplete, kDryRun, kFailed, kListed };
const char* RollbackOutcomeName(RollbackOutcome o);  // "complete", "dry_run", "failed", "listed"

// One backup as `list` shows it.
struct BackupListEntry {
  std::string backup_id;
  std::string created;
  std::optional<std::string> version;
  std::string kind;
  std::optional<std::string> git_commit;
  size_t files = 0;
  uint64_t bytes = 0;       // logical: the sum of file sizes
  uint64_t disk_bytes = 0;  // st_blocks * 512 over the backup's distinct inodes
  std::string deployment_id;
  std::string deployment_outcome;  // from history.jsonl; "" when no record names it
  bool damaged = false;
  std::string damage_reason;
  std::vector<std::string> first_mismatches;
  bool current = false;  // its managed content equals production's
};

struct RollbackResult {
  std::string deployment_id;  // this rollback's id ("" for list)
  RollbackOutcome outcome = RollbackOutcome::kFailed;
  std::string profile;
  std::string restored_backup_id;
  std::string version;           // the restored version; "" when the backup holds none
  std::string previous_version;  // production's version before; "" when none
  std::vector<std::string> added, modified, removed;  // relative to production before
  size_t unchanged = 0;
  bool restored = false;  // production holds the backup's managed content now
  bool verified = false;  // every managed file re-hashed equal to the manifest
  std::vector<std::string> verify_mismatches;
  std::string safety_backup_id;  // "" for dry_run and list
  std::vector<TestOutcome> tests;
  std::vector<BackupListEntry> backups;     // list only, newest first
  uint64_t backups_disk_bytes = 0;          // list only: distinct inodes over every backup
  std::optional<nlohmann::json> recovered;  // an interrupted operation resolved first
  std::string failure_reason;               // for outcome failed: what went wrong, what to do
  // Only when putting production back after a failed switch failed too: what production is,
  // read from its files, and how to finish by hand.
  std::optional<RecoveryReport> recovery;
  int64_t duration_ms = 0;
};

Result<RollbackResult> Rollback(const RollbackRequest& request, const DeployContext& context);

}  // namespace ua::engine
