#include "deploy_engine/backup/production_backup.h"
#include "deploy_engine/state/layout.h"

#include <filesystem>
#include <optional>

namespace ua::engine {

Result<BackupInfo> BackUpProduction(const Profile& profile, const std::string& id, BackupKind kind,
                                    const std::vector<BackupSourceFile>& files,
                                    const VersionRead& production, const BackupOptions& options,
                                    BackupStats* stats) {
  std::optional<std::filesystem::path> version_file;
  if (production.state != VersionFileState::kMissing) {
    version_file = profile.target / kVersionFileName;
  }
  std::optional<std::string> release;
  if (production.info) release = production.info->version;
  BackupMeta meta;
  meta.profile = profile.name;
  meta.kind = kind;
  meta.deployment_id = id;
  if (production.info && !production.info->git_commit.empty()) {
    meta.git_commit = production.info->git_commit;
  }
  return CreateBackup(profile.backup_dir, profile.target, files, release, version_file, meta,
                      options, stats);
}

}  // namespace ua::engine
