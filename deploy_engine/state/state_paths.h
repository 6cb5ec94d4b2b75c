// Where a profile's own state lives, beside journal.h's JournalPath and history.h's
// HistoryPath: the lock file in backup_dir, and the hash cache, which is disposable and so
// lives under the user's cache directory (a read-only status never has to create backup_dir).
//
// Pure computations; no filesystem access. Safe from any thread.
#pragma once

#include <filesystem>
#include <optional>

#include "platform/environment.h"

namespace ua::engine {

struct Profile;

// <backup_dir>/deploy.lock — never unlinked (see deploy_lock.h).
std::filesystem::path LockPath(const std::filesystem::path& backup_dir);

// $XDG_CACHE_HOME/ua-deploy/hash-cache-<16 hex of sha256(source NUL target)>.json, else the
// same under ~/.cache; nullopt when neither is known (hashing then runs uncached).
std::optional<std::filesystem::path> HashCachePath(const Profile& profile, const Environment& env);

}  // namespace ua::engine
