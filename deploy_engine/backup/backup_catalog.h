// Backup catalog: what backups exist under a profile's backup_dir and whether each can be
// trusted.
//
// A backup is a directory whose name is a backup id ("20261121T224509.123Z-v0.1.3", maybe
// with a "-2" collision suffix). Dot-directories (".incoming-*" backups being written,
// ".removing-*" backups being deleted) and any other names are never listed, so a listed
// backup was completely written and verified before it got its name. A listed backup whose
// manifest is missing or invalid, or (with verify_contents) whose files differ from the
// manifest, is still listed, flagged damaged with the reason.
//
// Listing is read-only and takes no lock. CleanupIncoming and RemoveBackup change backup_dir
// and must only run under the deploy lock. Stateless; safe from any thread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "deploy_engine/backup/backup_manifest.h"

namespace ua::engine {

struct BackupInfo {
  std::string backup_id;
  std::string created;  // ISO UTC; empty when damaged
  std::optional<std::string> version;
  std::string kind;  // "pre_deploy" | "safety"; empty when damaged
  std::string deployment_id;
  std::optional<std::string> git_commit;
  size_t files = 0;
  uint64_t bytes = 0;  // logical: the sum of file sizes (hard links are counted in full)
  std::filesystem::path dir;
  bool damaged = false;
  std::string damage_reason;
  std::vector<std::string> first_mismatches;  // at most 10, with verify_contents
  std::optional<BackupManifest> manifest;     // set when the manifest was readable and valid
};

// The facts of a backup in `dir` whose manifest is valid, all taken from `manifest` (which it
// keeps); backup_id is the manifest's. Not damaged.
BackupInfo BackupInfoFromManifest(const std::filesystem::path& dir, BackupManifest manifest);

// The verify_contents check: compares the files of a backup that is not yet damaged and has a
// manifest with that manifest; on any difference marks it damaged with the count and the first
// mismatch as the reason, keeping at most 10 mismatches. Reads the backup's files only.
void VerifyBackupInfo(BackupInfo& info);

// True for a name ListBackups would list: a backup stamp, optionally "-" and more of
// [A-Za-z0-9._+-]. Never true for names with '/', "..", or a leading '.'.
bool IsBackupId(std::string_view name);

// Newest first. A missing backup_dir is an empty list.
Result<std::vector<BackupInfo>> ListBackups(const std::filesystem::path& backup_dir,
                                            bool verify_contents = false);

// One backup by id. kInvalidArgument for an id that is not a backup id (with '/', ".."),
// kNotFound when no such backup exists.
Result<BackupInfo> FindBackup(const std::filesystem::path& backup_dir, std::string_view backup_id,
                              bool verify_contents = false);

// Removes leftovers of interrupted writes and deletions (".incoming-*", ".removing-*").
// Returns how many were removed.
Result<size_t> CleanupIncoming(const std::filesystem::path& backup_dir);

// Deletes a backup so that it is never seen half-deleted: renamed to ".removing-<id>" first.
Status RemoveBackup(const std::filesystem::path& backup_dir, std::string_view backup_id);

}  // namespace ua::engine
