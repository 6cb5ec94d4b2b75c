// FindWriteObstacles: every reason the kernel would refuse a write the switch plans, found in
// CHECKING before anything is written, so a deployment or a rollback is refused whole instead
// of failing between two files. One obstacle per path, each with what to do:
//   - a read-only mount holding the target or the backup_dir (root is refused too);
//   - an immutable file the switch replaces or removes, or an immutable directory it changes
//     (chattr +i; root is refused too);
//   - an append-only file it replaces or removes, or an append-only directory it must remove
//     entries from (chattr +a; root is refused too);
//   - a directory the running user cannot write (permission bits);
//   - a file owned by another user in a sticky directory (mode +t) the running user does not
//     own, which only that user, the directory's owner or root may replace or remove.
//
// Read-only; stateless; safe from any thread.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "deploy_engine/files/plan.h"

namespace ua::engine {

// What a switch does in the target, by relative path.
struct PlannedWrites {
  std::vector<std::string> create;   // files that do not exist yet
  std::vector<std::string> replace;  // existing files renamed over
  std::vector<std::string> remove;   // existing files unlinked
};

PlannedWrites WritesOf(const Plan& plan);

struct WriteObstacle {
  std::filesystem::path path;  // absolute
  std::string reason;          // "immutable (chattr +i)", "on a read-only bind mount of /srv"
  std::string fix;             // what removes the obstacle, in words (with `command`)
  std::string command;         // the shell command that removes it; "" when it takes a choice
};

std::vector<WriteObstacle> FindWriteObstacles(const PlannedWrites& writes,
                                              const std::filesystem::path& target,
                                              const std::filesystem::path& backup_dir);

}  // namespace ua::engine
