#include "deploy_engine/operations/recovery.h"

#include <unistd.h>

#include <spdlog/spdlog.h>

#include "base/shell_quote.h"
#include "deploy_engine/backup/backup_catalog.h"
#include "deploy_engine/state/deploy_lock.h"
#include "deploy_engine/state/history.h"
#include "deploy_engine/state/journal.h"
#include "deploy_engine/state/layout.h"
#include "deploy_engine/switch/release_truth.h"
#include "platform/sha256.h"

namespace ua::engine {
namespace {

namespace stdfs = std::filesystem;
using nlohmann::json;

void CleanupLeftovers(const Profile& profile) {
  if (Status s = CleanupStaging(profile.target); !s.ok()) {
    spdlog::warn("recovery: staging leftovers not removed: {}", s.ToString());
  }
  std::error_code ec;
  if (stdfs::is_directory(profile.backup_dir, ec)) {
    if (auto n = CleanupIncoming(profile.backup_dir); !n.ok()) {
      spdlog::warn("recovery: incomplete backups not removed: {}", n.status().ToString());
    }
  }
}

// Restores the old release named by the journal. `journal` is rewritten as it goes.
Status RestoreFromJournal(const Profile& profile, Journal& journal, const FaultInjector& faults,
                          json* summary) {
  UA_ASSIGN_OR_RETURN(BackupInfo backup, FindBackup(profile.backup_dir, journal.backup_id));
  if (backup.damaged || !backup.manifest) {
    return Corrupt("backup " + journal.backup_id +
                   " needed to roll back is damaged: " + backup.damage_reason);
  }
  std::vector<std::string> restore = journal.plan.modified;
  restore.insert(restore.end(), journal.plan.removed.begin(), journal.plan.removed.end());
  UA_ASSIGN_OR_RETURN(SwitchSet all,
                      RestoreSet(backup.dir, *backup.manifest, restore, journal.plan.added));
  // Files that are the old release already need no write: one that refuses writes (say an
  // immutable file the interrupted switch never reached) cannot stop the restore.
  const auto expected = RestoreExpectations(*backup.manifest, journal.plan.added, restore,
                                            [](const std::string&) { return kAnyOtherContent; });
  const SwitchSet set = WithoutRestored(std::move(all), ReadReleaseTruth(profile.target, expected));
  const stdfs::path staging = StagingDir(profile.target, journal.deployment_id + "-recover");
  auto manual = [&](Status s) {
    std::string text = s.ToString() + "; to finish by hand:";
    for (const auto& line : ManualRestoreCommands(profile.target, set)) text += "\n  " + line;
    return FailedPrecondition(text);
  };
  // An earlier attempt that stopped in its switch left its staged files behind.
  if (Status s = CleanupStaging(profile.target); !s.ok()) return manual(s);
  if (Status s = StageFiles(staging, set, {}, {}); !s.ok()) return manual(s);
  journal.operation = "recover";
  auto after = [&](size_t n, size_t, const std::string&) {
    return faults.CheckCounted("ROLLBACK:after-restore", n);
  };
  if (Status s = ApplyStaged(profile.target, staging, set, profile.backup_dir, journal, after, {});
      !s.ok()) {
    return manual(s);
  }
  (*summary)["restored"] = restore.size();
  (*summary)["removed"] = journal.plan.added.size();
  return Status::Ok();
}

}  // namespace

std::vector<std::string> ManualRestoreCommands(const stdfs::path& target, const SwitchSet& set) {
  std::vector<std::string> out;
  for (const SwitchPut& p : set.put) {
    out.push_back("mkdir -p " + ShellQuote((target / p.path).parent_path().string()) +
                  " && cp -a " + ShellQuote(p.from.string()) + " " +
                  ShellQuote((target / p.path).string()));
  }
  for (const std::string& r : set.remove) {
    out.push_back("rm -f " + ShellQuote((target / r).string()));
  }
  return out;
}

Result<std::optional<json>> RecoverLocked(const Profile& profile, const Clock& clock,
                                          const FaultInjector& faults) {
  std::error_code ec;
  if (!stdfs::is_directory(profile.backup_dir, ec)) return std::optional<json>();
  UA_ASSIGN_OR_RETURN(std::optional<Journal> found, ReadJournal(profile.backup_dir));
  if (!found) {
    CleanupLeftovers(profile);
    return std::optional<json>();
  }
  Journal journal = std::move(*found);
  const std::string started_step = JournalStepName(journal.step);
  json summary = {{"deployment_id", journal.deployment_id},
                  {"operation", journal.operation},
                  {"step", started_step},
                  {"backup_id", journal.backup_id},
                  {"started", journal.started}};
  std::string resolution;
  if (journal.operation == "deploy" && journal.step == JournalStep::kVersionWritten) {
    resolution = "completed";
  } else if (journal.step == JournalStep::kStaged) {
    resolution = "discarded";
  } else {
    spdlog::warn("recovery: deployment {} died at step {}; restoring backup {}",
                 journal.deployment_id, started_step, journal.backup_id);
    UA_RETURN_IF_ERROR(RestoreFromJournal(profile, journal, faults, &summary));
    resolution = "rolled_back";
  }
  summary["resolution"] = resolution;
  CleanupLeftovers(profile);
  UA_RETURN_IF_ERROR(RemoveJournal(profile.backup_dir));
  json record = {{"deployment_id", journal.deployment_id},
                 {"profile", profile.name},
                 {"outcome", "interrupted"},
                 {"operation", summary["operation"]},
                 {"step", started_step},
                 {"resolution", resolution},
                 {"backup_id", journal.backup_id},
                 {"started", journal.started},
                 {"finished", FormatIsoUtc(clock.Now())},
                 {"message", "interrupted at step " + started_step + "; " + resolution +
                                 " by recovery (pid " + std::to_string(getpid()) + ")"}};
  if (Status s = AppendHistory(profile.backup_dir, record); !s.ok()) {
    spdlog::warn("recovery: history not written: {}", s.ToString());
  }
  spdlog::info("recovery: deployment {} resolved: {}", journal.deployment_id, resolution);
  return std::optional<json>(summary);
}

Result<std::optional<json>> RecoverIfInterrupted(const Profile& profile,
                                                 const DeployContext& context) {
  std::error_code ec;
  if (!stdfs::exists(JournalPath(profile.backup_dir), ec)) return std::optional<json>();
  const Environment env = context.env ? *context.env : Environment::Process();
  const Clock& clock = context.clock ? *context.clock : SystemClock();
  const LockHolder holder = MakeLockHolder(FormatIsoUtc(clock.Now()), "recover", "recover");
  auto lock = DeployLock::Acquire(LockPath(profile.backup_dir), holder, 0);
  if (!lock.ok()) {
    if (lock.status().code() == StatusCode::kBusy) return std::optional<json>();
    return lock.status();
  }
  return RecoverLocked(profile, clock, FaultInjector::FromEnvironment(env));
}

}  // namespace ua::engine
