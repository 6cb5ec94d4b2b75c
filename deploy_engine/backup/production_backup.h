// BackUpProduction: the backup an operation takes of production's managed files before it
// changes them (a deployment's pre-deploy backup, a rollback's safety backup). It is
// CreateBackup (backup_writer.h, whose guarantees hold) with what production's VERSION says:
// the release's version and git commit, and the VERSION file itself whenever one exists (a
// corrupt one too, so that a restore brings back exactly what was there).
//
// The caller holds the deploy lock. Stateless; blocks the calling thread.
#pragma once

#include <string>
#include <vector>

#include "base/status.h"
#include "deploy_engine/backup/backup_catalog.h"
#include "deploy_engine/backup/backup_manifest.h"
#include "deploy_engine/backup/backup_writer.h"
#include "deploy_engine/config/config.h"
#include "deploy_engine/state/version_file.h"

namespace ua::engine {

// `files`: production's managed files as hashed now; `production`: its VERSION as read now.
// The backup is made in the profile's backup_dir, of its target, for the operation `id`.
Result<BackupInfo> BackUpProduction(const Profile& profile, const std::string& id, BackupKind kind,
                                    const std::vector<BackupSourceFile>& files,
                                    const VersionRead& production, const BackupOptions& options,
                                    BackupStats* stats = nullptr);

}  // namespace ua::engine
