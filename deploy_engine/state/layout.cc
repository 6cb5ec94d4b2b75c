#include "deploy_engine/state/layout.h"

#include <string>

#include "deploy_engine/config/config.h"
#include "platform/sha256.h"

namespace ua::engine {

std::filesystem::path LockPath(const std::filesystem::path& backup_dir) {
  return backup_dir / "deploy.lock";
}

std::filesystem::path JournalPath(const std::filesystem::path& backup_dir) {
  return backup_dir / "journal.json";
}

std::filesystem::path HistoryPath(const std::filesystem::path& backup_dir) {
  return backup_dir / "history.jsonl";
}

std::filesystem::path IncomingBackupPath(const std::filesystem::path& backup_dir,
                                         const std::string& id) {
  return backup_dir / (std::string(kIncomingBackupPrefix) + id);
}

std::filesystem::path RemovingBackupPath(const std::filesystem::path& backup_dir,
                                         const std::string& id) {
  return backup_dir / (std::string(kRemovingBackupPrefix) + id);
}

std::filesystem::path OperationsDir(const std::filesystem::path& backup_dir) {
  return backup_dir / "operations";
}

std::filesystem::path OperationRecordPath(const std::filesystem::path& backup_dir,
                                          const std::string& id) {
  return OperationsDir(backup_dir) / (id + ".json");
}

std::filesystem::path OperationLogPath(const std::filesystem::path& backup_dir,
                                       const std::string& id) {
  return OperationsDir(backup_dir) / (id + ".log");
}

std::filesystem::path TasksDir(const std::filesystem::path& backup_dir) {
  return backup_dir / "tasks";
}

std::filesystem::path TaskRecordPath(const std::filesystem::path& backup_dir,
                                     const std::string& task_id) {
  return TasksDir(backup_dir) / (Sha256Hex(task_id).substr(0, 32) + ".json");
}

std::filesystem::path ConfirmKeyPath(const std::filesystem::path& backup_dir) {
  return backup_dir / "confirm.key";
}

std::filesystem::path UsedConfirmationsDir(const std::filesystem::path& backup_dir) {
  return backup_dir / "confirmations";
}

std::filesystem::path UsedConfirmationPath(const std::filesystem::path& backup_dir,
                                           const std::string& nonce) {
  return UsedConfirmationsDir(backup_dir) / nonce;
}

std::filesystem::path StagingDir(const std::filesystem::path& target, const std::string& id) {
  return target / (std::string(kStagingPrefix) + id);
}

std::optional<std::filesystem::path> HashCachePath(const Profile& profile, const Environment& env) {
  std::optional<std::filesystem::path> cache_root;
  if (auto xdg = env.Get("XDG_CACHE_HOME"); xdg && !xdg->empty() && (*xdg)[0] == '/') {
    cache_root = std::filesystem::path(*xdg);
  } else if (auto home = env.Home()) {
    cache_root = std::filesystem::path(*home) / ".cache";
  }
  if (!cache_root) return std::nullopt;
  std::string key = profile.source.string();
  key.push_back('\0');
  key += profile.target.string();
  return *cache_root / "ua-deploy" / ("hash-cache-" + Sha256Hex(key).substr(0, 16) + ".json");
}

}  // namespace ua::engine
