// HashManagedFiles: production's managed files (the profile's include/exclude, without the
// reserved VERSION) with size, permission bits and SHA-256, in the shape CreateBackup takes.
//
// Unreadable or special managed files make it fail (kFailedPrecondition naming them) rather
// than report a partial tree, which would look like files to remove. Reads only managed
// files. Stateless; one caller per cache.
#pragma once

#include <filesystem>
#include <vector>

#include "base/status.h"
#include "deploy_engine/backup/backup_writer.h"
#include "deploy_engine/config/config.h"
#include "deploy_engine/files/hash_cache.h"

namespace ua::engine {

// Sorted by path. A missing root is an empty list. Cache misses are hashed on a small pool of
// threads (HashCache::HashAll). `facts`, when set, receives the walk's facts of each file (same
// order), so that a later check can tell an untouched file without reading it again.
Result<std::vector<BackupSourceFile>> HashManagedFiles(const std::filesystem::path& root,
                                                       const Profile& profile, HashCache& cache,
                                                       std::vector<FileEntry>* facts = nullptr);

}  // namespace ua::engine
