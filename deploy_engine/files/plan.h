// Plan: what a deployment would change in the target, computed from the managed files of the
// source and the target (tree_walk.h) and their SHA-256 digests (hash_cache.h).
//
// Guarantees: only managed paths appear; each managed path is in exactly one of added,
// modified, removed, unchanged; lists are sorted by path. A file whose content is equal but
// whose permission bits differ is modified. Reserved paths (reserved_paths.h: VERSION, which
// ua-deploy itself writes) are never managed (FileSelector excludes them), so they are never
// part of a plan on either side. Unreadable or special (FIFO, device) managed files in either
// tree make BuildPlan fail rather than plan a partial tree: a file we cannot see in the source
// would otherwise look "removed".
//
// Plain values. BuildPlan reads the filesystem and uses the cache (hashing its misses on a small
// pool of threads, hash_cache.h); one caller per cache.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "deploy_engine/config/config.h"
#include "deploy_engine/files/hash_cache.h"

namespace ua::engine {

struct PlannedFile {
  std::string path;
  uint64_t size = 0;
  uint32_t mode = 0;
  std::string sha256;
  // For modified files: the target's current facts. For removed files these equal the main
  // fields (which describe the target file). Empty for added files.
  std::optional<std::string> old_sha256;
  std::optional<uint32_t> old_mode;
  std::optional<uint64_t> old_size;
};

// A managed file of the target as the plan saw it: the walk's facts and the content digest.
struct TargetFile {
  FileEntry facts;
  std::string sha256;
};

struct Plan {
  std::vector<PlannedFile> added, modified, removed;
  // Every managed file of the target (unchanged ones too), sorted by path: what a backup of
  // production copies, and what the check just before the switch compares against, so that
  // the target is walked and hashed once per deployment.
  std::vector<TargetFile> target;
  std::vector<std::string> unchanged;
  std::vector<std::string> escaping_symlinks;         // in the source; deploying must refuse
  std::vector<std::string> target_escaping_symlinks;  // in the target; never followed
  bool source_exists = false, target_exists = false;
  uint64_t bytes_to_write = 0;  // sizes of added + modified

  bool HasChanges() const { return !added.empty() || !modified.empty() || !removed.empty(); }
};

// Missing source -> kNotFound naming the profile and the path; missing target -> every source
// file is added.
Result<Plan> BuildPlan(const Profile& profile, HashCache& cache);

}  // namespace ua::engine
