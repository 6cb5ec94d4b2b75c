// Recovery: resolves an operation that died in flight, as recorded by its journal
// (journal.h), before anything else touches the profile (docs/design.md "Crash safety").
//
// Resolution by the journal's last step:
//  - a deployment whose VERSION was written (version_written): the new release stands;
//    only bookkeeping is finished ("completed");
//  - staged (production untouched): leftovers are discarded ("discarded");
//  - anything else (switching, switched, or a rollback/recovery that did not finish): the
//    managed files the plan touched are restored from the verified backup through the
//    release switch (release_switch.h), files the deployment added are removed, and the old
//    VERSION comes back ("rolled_back").
// Every resolution removes staging and incoming-backup leftovers and the journal, and appends
// a history line with outcome "interrupted". A restore that cannot finish keeps the journal
// (the next start tries again) and returns kFailedPrecondition whose message lists the
// commands that finish it by hand. A journal that cannot be read is kCorrupt: nothing is
// touched and a person must look.
//
// Callers: Deploy (lock already held), status and rollback (RecoverIfInterrupted takes the lock
// itself). Thread-safety follows the deploy lock.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/status.h"
#include "deploy_engine/config/config.h"
#include "deploy_engine/operations/operation_context.h"
#include "deploy_engine/switch/fault_injection.h"
#include "deploy_engine/switch/release_switch.h"
#include "platform/clock.h"

namespace ua::engine {

// With the deploy lock held by the caller. nullopt when there was nothing to resolve (stray
// staging and incoming-backup leftovers are still removed); else the summary
// {deployment_id, operation, step, resolution, backup_id, restored, removed}.
Result<std::optional<nlohmann::json>> RecoverLocked(const Profile& profile, const Clock& clock,
                                                    const FaultInjector& faults);

// Without a journal: nullopt at once, touching nothing (not even creating backup_dir). With
// one: takes the lock (operation "recover", no waiting) and RecoverLocked. When another
// process holds the lock the journal belongs to a live operation: nullopt.
Result<std::optional<nlohmann::json>> RecoverIfInterrupted(const Profile& profile,
                                                           const DeployContext& context);

// Commands that finish a restore by hand: "cp -a <backup>/files/<p> <target>/<p>" per put,
// "rm -f <target>/<p>" per removal, quoted for a POSIX shell.
std::vector<std::string> ManualRestoreCommands(const std::filesystem::path& target,
                                               const SwitchSet& set);

}  // namespace ua::engine
