// ReleaseSwitch: how a set of file changes reaches production, for a deployment, for its
// rollback and for crash recovery alike (docs/design.md "Crash safety").
//
//  1. Stage: every file to put is copied into a staging directory inside the target
//     (<target>/.ua-deploy-staging-<id>, so renames stay on one filesystem) with its exact
//     permission bits and checked against its expected SHA-256; then the filesystem is
//     flushed once (fs::SyncFilesystem: cheaper than one fsync per file) and the staging
//     directories fsynced. Production is untouched.
//  2. Apply: the journal is moved to step `switching` (durably) before the first change; then
//     each staged file is renamed over its place (new directories created 0755), each file to
//     remove is unlinked (a missing one is fine, so applying twice is harmless), directories
//     left empty by removals are removed up to the target root, every touched directory is
//     fsynced, and the journal is moved to `switched`.
// Only paths named in the set are ever created, replaced or unlinked: unmanaged files are never
// opened for writing. The staging directory is never a managed path: CleanupStaging removes
// every leftover one under the deploy lock before planning, and the switch removes its own.
//
// The caller holds the deploy lock. Not thread-safe; one switch at a time per target.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "base/status.h"
#include "deploy_engine/backup/backup_manifest.h"
#include "deploy_engine/files/tree_walk.h"
#include "deploy_engine/state/journal.h"
#include "deploy_engine/state/layout.h"

namespace ua::engine {

struct SwitchPut {
  std::string path;            // relative to the target
  std::filesystem::path from;  // where the new content is read from
  uint32_t mode = 0644;
  std::string sha256;  // expected content; empty: not checked
};

struct SwitchSet {
  std::vector<SwitchPut> put;
  std::vector<std::string> remove;
};

// Called after each file is staged / renamed / unlinked (done counts from 1). A non-OK Status
// stops the operation at that point (fault injection, cancellation).
using SwitchStepFn = std::function<Status(size_t done, size_t total, const std::string& path)>;
// Removes every <target>/.ua-deploy-staging-* directory; a missing target is fine.
Status CleanupStaging(const std::filesystem::path& target);

// Step 1. Files are copied on a small pool of threads (base/parallel_for.h), each hashed as it
// is written; after_file is called one file at a time with a growing count. When `staged` is
// set, it receives the facts of each staged file (index of set.put; its content is the
// expected one), so that a later check of the switched file can trust them instead of reading
// it again. On error the staging directory is removed.
Status StageFiles(const std::filesystem::path& staging, const SwitchSet& set,
                  const SwitchStepFn& after_file, const std::stop_token& stop,
                  std::vector<FileEntry>* staged = nullptr);

// Step 2. `journal` is rewritten in backup_dir with the steps reached. after_rename is called
// after each put, after_remove after each unlink. On success the staging directory is gone.
// before_rename is called before each put's rename (done counts the one about to happen).
Status ApplyStaged(const std::filesystem::path& target, const std::filesystem::path& staging,
                   const SwitchSet& set, const std::filesystem::path& backup_dir, Journal& journal,
                   const SwitchStepFn& after_rename, const SwitchStepFn& after_remove,
                   const SwitchStepFn& before_rename = {});

// The set that restores the old release from a verified backup directory: the backup's copy
// of every path in `restore` (modified and removed by the deployment), the removal of every
// path in `added`, and the old VERSION (restored from the backup, or removed when there was
// none). Paths missing from the manifest are kCorrupt.
Result<SwitchSet> RestoreSet(const std::filesystem::path& backup_path,
                             const BackupManifest& manifest,
                             const std::vector<std::string>& restore,
                             const std::vector<std::string>& added);

}  // namespace ua::engine
