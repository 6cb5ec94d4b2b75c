// What an operation (deploy, rollback, recovery) may leave behind in a profile, for tests that
// check it left nothing: staging directories in the target, the journal and the lock in
// backup_dir. Read-only checks; any thread.
#pragma once

#include <filesystem>

namespace ua::testing {

// Any <target>/.ua-deploy-staging-* (false when the target does not exist).
bool HasStagingLeftovers(const std::filesystem::path& target);
bool JournalExists(const std::filesystem::path& backup_dir);
// Whether someone holds the deploy lock now; REQUIREs that the lock could be probed.
bool LockHeld(const std::filesystem::path& backup_dir);

}  // namespace ua::testing
