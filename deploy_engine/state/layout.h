// Layout: the name of every file and folder ua-deploy writes, in one place. Code that reads or
// writes one of them asks here for its path; nothing else spells these names.
//
// In the profile's backup_dir (created on first write; docs/design.md "On-disk layout"):
//   deploy.lock                 the flock() target; never unlinked (deploy_lock.h)
//   journal.json                the operation in flight (journal.h)
//   history.jsonl               one summary line per operation (history.h)
//   <stamp>-v<version>/         a complete, verified backup: files/, manifest.json,
//                               SHA256SUMS and the old VERSION (backup_writer.h)
//   .incoming-<id>/             a backup being written; never listed, removed at next start
//   .removing-<id>/             a backup being pruned; never listed, removed at next start
//   operations/<id>.json        live state and final result of one operation
//                               (operation_record.h)
//   operations/<id>.log         stderr of an operation that runs in a process of its own
//   tasks/<digest>.json         one MCP task (tools/task_record.h), named by a digest of its
//                               task id, so the file name does not give the id away
//   confirm.key                 the secret that seals confirmation questions (mode 0600;
//                               tools/request_state.h)
//   confirmations/<nonce>       a confirmation that was used (refuses a replay)
// In the target:
//   VERSION                     what is deployed (version_file.h)
//   .ua-deploy-staging-<id>/    files of a switch in flight (release_switch.h)
// In the user's cache directory:
//   ua-deploy/hash-cache-<key>.json   the disposable hash cache (hash_cache.h)
//
// Pure computations; no filesystem access. Safe from any thread.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "platform/environment.h"

namespace ua::engine {

struct Profile;

inline constexpr char kVersionFileName[] = "VERSION";
inline constexpr char kStagingPrefix[] = ".ua-deploy-staging-";
inline constexpr std::string_view kIncomingBackupPrefix = ".incoming-";
inline constexpr std::string_view kRemovingBackupPrefix = ".removing-";
inline constexpr char kBackupFilesDir[] = "files";
inline constexpr char kManifestFileName[] = "manifest.json";
inline constexpr char kSha256SumsFileName[] = "SHA256SUMS";

// <backup_dir>/deploy.lock
std::filesystem::path LockPath(const std::filesystem::path& backup_dir);
// <backup_dir>/journal.json
std::filesystem::path JournalPath(const std::filesystem::path& backup_dir);
// <backup_dir>/history.jsonl
std::filesystem::path HistoryPath(const std::filesystem::path& backup_dir);
// <backup_dir>/.incoming-<id> and <backup_dir>/.removing-<id>
std::filesystem::path IncomingBackupPath(const std::filesystem::path& backup_dir,
                                         const std::string& id);
std::filesystem::path RemovingBackupPath(const std::filesystem::path& backup_dir,
                                         const std::string& id);
// <backup_dir>/operations and <backup_dir>/operations/<id>.json
std::filesystem::path OperationsDir(const std::filesystem::path& backup_dir);
std::filesystem::path OperationRecordPath(const std::filesystem::path& backup_dir,
                                          const std::string& id);
// <backup_dir>/operations/<id>.log
std::filesystem::path OperationLogPath(const std::filesystem::path& backup_dir,
                                       const std::string& id);
// <target>/.ua-deploy-staging-<id>
std::filesystem::path TasksDir(const std::filesystem::path& backup_dir);
std::filesystem::path TaskRecordPath(const std::filesystem::path& backup_dir,
                                     const std::string& task_id);
std::filesystem::path ConfirmKeyPath(const std::filesystem::path& backup_dir);
std::filesystem::path UsedConfirmationsDir(const std::filesystem::path& backup_dir);
std::filesystem::path UsedConfirmationPath(const std::filesystem::path& backup_dir,
                                           const std::string& nonce);

std::filesystem::path StagingDir(const std::filesystem::path& target, const std::string& id);
// $XDG_CACHE_HOME/ua-deploy/hash-cache-<16 hex of sha256(source NUL target)>.json, else the
// same under ~/.cache; nullopt when neither is known (hashing then runs uncached).
std::optional<std::filesystem::path> HashCachePath(const Profile& profile, const Environment& env);

}  // namespace ua::engine
