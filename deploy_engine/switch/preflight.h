// Pre-flight checks of CHECKING (docs/design.md "The deployment"): refuse a deployment that
// cannot finish cleanly before anything is written. Each check returns a Status whose message
// says what is wrong and what to do:
//  - source and target are different directories and neither contains the other;
//  - no managed symlink in the source points outside it;
//  - enough free space for staging + backup + 10% margin (both numbers in the message);
// What the kernel would refuse (permissions, immutable files, read-only mounts) is found by
// write_obstacles.h.
//
// Read-only; stateless; safe from any thread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "base/status.h"
#include "deploy_engine/config/config.h"
#include "deploy_engine/files/plan.h"

namespace ua::engine {

// kFailedPrecondition for same or nested directories (compared after resolving symlinks of
// the existing parts).
Status CheckDistinctDirs(const std::filesystem::path& source, const std::filesystem::path& target);

Status CheckNoEscapingSymlinks(const Plan& plan);

struct SpaceNeed {
  uint64_t staging_bytes = 0;  // on the target's filesystem
  uint64_t backup_bytes = 0;   // on the backup_dir's filesystem
};
struct SpaceFree {
  uint64_t target_free = 0;
  uint64_t backup_free = 0;
  bool same_filesystem = true;  // then both needs come out of target_free
};

// needed * 1.1 <= free on each filesystem, else kResourceExhausted with the bytes needed and
// free ("needs 2.5 MiB (2621440 bytes) ..., 1.9 MiB (1992294 bytes) free").
Status CheckFreeSpace(const SpaceNeed& need, const SpaceFree& free);
// Measures free space with fs::FreeBytes on the nearest existing ancestors of the target and
// backup_dir, then CheckFreeSpace.
Status CheckFreeSpaceOnDisk(const SpaceNeed& need, const std::filesystem::path& target,
                            const std::filesystem::path& backup_dir);

// The nearest existing ancestor of `p` (p itself when it exists).
std::filesystem::path NearestExisting(const std::filesystem::path& p);

}  // namespace ua::engine
