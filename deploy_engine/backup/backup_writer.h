// CreateBackup: a complete, verified copy of production's managed files, taken before
// production changes.
//
// Guarantees:
// - Only the paths in `files` are read from the target: unmanaged files cannot leak into a
//   backup. Each path must be a safe relative path (see IsSafeRelativePath).
// - The backup is written under backup_dir/.incoming-<id>, verified, fsynced, and only then
//   renamed to <id>, so a listed backup is always complete. Verification covers every file
//   once: a copy is hashed as it is written (the bytes that landed in the backup), a link is
//   re-read (size, mode, SHA-256). If a production file changed after the caller hashed it,
//   verification fails and no backup appears (kCorrupt). The exception is a replaced file
//   (below), which is not read: if it changes between the caller's hash and the switch, the
//   caller's check before the switch refuses the switch, and this backup fails verification
//   wherever it is listed (damaged), so it is never restored.
// - A file identical (sha256, size and mode) to the same path in the newest previous
//   undamaged backup becomes a hard link to it; if linking fails or the linked file does not
//   verify, it is copied instead. Other files are copied (reflink when possible) with their
//   modes. A file the operation replaces (BackupSourceFile::replaced) becomes a hard link to
//   production's own inode, which the switch then takes out of production: no copy at all,
//   verified by the caller's digest. Files are linked or copied on a small pool of threads
//   (base/parallel_for.h); each directory is created once and fsynced once.
// - The id is "<UTC yyyymmddTHHMMSS.mmmZ>-v<version>" (no "-v..." when version is null),
//   with "-2", "-3"... when the name is taken. Names are never reused.
// - On error or cancellation (stop requested, checked between files) the incoming directory
//   is removed and nothing is listed.
//
// The caller holds the deploy lock. Progress calls come one at a time (from the pool's threads)
// with a count that only grows.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "base/status.h"
#include "deploy_engine/backup/backup_catalog.h"
#include "deploy_engine/backup/backup_manifest.h"
#include "platform/clock.h"

namespace ua::engine {

struct BackupSourceFile {
  std::string path;  // relative to target_root
  uint64_t size = 0;
  uint32_t mode = 0;   // permission bits, kept in the backup
  std::string sha256;  // of the production file as the caller hashed it
  // The operation taking this backup replaces or removes production's file at this path
  // (always by rename or unlink, never by writing into it), so the backup may keep that very
  // inode: a hard link instead of a copy. The caller re-checks production's files before it
  // switches, which catches a file written in between.
  bool replaced = false;
};

struct BackupMeta {
  std::string profile;
  BackupKind kind = BackupKind::kPreDeploy;
  std::string deployment_id;
  std::optional<std::string> git_commit;
};

struct BackupOptions {
  const Clock* clock = nullptr;  // nullptr: SystemClock()
  // A backup whose every file the caller verified (VerifyBackupInfo) during this operation,
  // under the deploy lock. When it is the one linked from, the links are not read again: a
  // rollback has just verified the backup it restores, which is usually the newest.
  std::optional<std::filesystem::path> verified_backup;
  std::function<void(size_t done, size_t total, const std::string& path)> progress;
  std::stop_token stop;
};

struct BackupStats {
  size_t linked = 0;  // hard links into the previous backup
  size_t copied = 0;
};

Result<BackupInfo> CreateBackup(const std::filesystem::path& backup_dir,
                                const std::filesystem::path& target_root,
                                const std::vector<BackupSourceFile>& files,
                                const std::optional<std::string>& version,
                                const std::optional<std::filesystem::path>& old_version_file,
                                const BackupMeta& meta, const BackupOptions& options = {},
                                BackupStats* stats = nullptr);

}  // namespace ua::engine
