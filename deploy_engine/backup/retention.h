// Retention: keeps at most `keep_backups` backups of a profile, applied after every successful
// deployment and rollback (docs/design.md "The deployment").
//
// Which backups stay, in this order of priority until keep_backups are kept:
//  1. the protected ids (the backup a rollback restored, the backup or safety backup just
//     made) and the newest good backup: never deleted, even beyond keep_backups;
//  2. good backups, newest first;
//  3. bad backups, newest first: damaged ones, and those made by an operation whose history
//     outcome is failed, rolled_back or interrupted. So they are pruned first and never use up
//     a good backup's slot.
// Deletion is crash-safe: each backup is renamed to <backup_dir>/.removing-<id> (then no
// longer listed) before it is deleted, and leftovers of a crash are deleted at the next start
// (CleanupIncoming, run by recovery). Hard-linked files shared with a pruned backup stay
// intact in the others (unlinking removes one name, not the content).
//
// The caller holds the deploy lock. Stateless; any thread.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "base/status.h"

namespace ua::engine {

// The ids deleted, newest first. keep_backups below 1 counts as 1.
Result<std::vector<std::string>> PruneBackups(const std::filesystem::path& backup_dir,
                                              int keep_backups,
                                              const std::vector<std::string>& protect);

// PruneBackups, logging (not returning) a failure: pruning never fails an operation that
// already succeeded.
void PruneBackupsOrWarn(const std::filesystem::path& backup_dir, int keep_backups,
                        const std::vector<std::string>& protect);

}  // namespace ua::engine
