// OperationScope: the bookkeeping every operation that changes a profile's production shares
// (a deployment, a rollback), from its start to its record: the operation's id and start
// time, the deploy lock, the journal, the deploy event log, the persistent hash cache, and
// the history line and "finished" event that close it. What the operation does in between
// stays with the operation (deployer.cc, rollback.cc).
//
// Guarantees:
// - An operation that does not write (a dry run, a listing) leaves no trace through its
//   scope: the event log is disabled, no persistent hash cache is loaded or saved, and
//   Finish() records nothing.
// - AcquireLock() takes the deploy lock (deploy_lock.h) with the holder {pid, started, id,
//   operation, host}. A held lock is waited for up to the profile's lock_timeout_s (after a
//   first refusal, with a warning), then refused with kBusy. The lock is held until the scope
//   is destroyed, so it covers Finish().
// - The journal (journal.h: every write crash-safe) is written only through StartJournal and
//   WriteJournal, and the scope remembers whether this operation has one on disk: it never
//   removes a journal it did not write, and a journal it keeps on purpose (a restore that
//   could not finish) stays for recovery.
// - Bookkeeping that is only a record (the history line, the hash cache, removing the journal
//   at the end) never changes the outcome: a failure is a warning "<operation> <id>: ...".
//
// Owns its lock, journal, event log and hash cache; borrows the profile and the context's
// environment and clock, which must outlive it. Not thread-safe: one operation runs on one
// thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "base/status.h"
#include "deploy_engine/config/config.h"
#include "deploy_engine/files/hash_cache.h"
#include "deploy_engine/operations/operation_context.h"
#include "deploy_engine/state/deploy_event_log.h"
#include "deploy_engine/state/deploy_lock.h"
#include "deploy_engine/state/journal.h"
#include "deploy_engine/switch/fault_injection.h"
#include "deploy_engine/switch/release_switch.h"
#include "platform/clock.h"
#include "platform/environment.h"

namespace ua::engine {

enum class OperationKind { kDeploy, kRollback };

class OperationScope {
 public:
  // Takes the start time, then makes the id ('d' or 'r' prefix, deployment_id.h). `writes`
  // is false for operations that must leave no trace (dry runs, listings).
  OperationScope(OperationKind kind, const Profile& profile, const DeployContext& context,
                 const std::filesystem::path& log_file, bool writes);
  OperationScope(const OperationScope&) = delete;
  OperationScope& operator=(const OperationScope&) = delete;

  const std::string& id() const { return id_; }
  const char* operation() const;  // "deploy" | "rollback", as journal and lock name it
  const Clock& clock() const { return clock_; }
  const FaultInjector& faults() const { return faults_; }
  TimePoint started() const { return started_; }
  // The caller's cancellation; CheckCancelled() is kCancelled ("cancelled") once requested.
  const std::stop_token& stop() const { return stop_; }
  Status CheckCancelled() const;
  int64_t ElapsedMs() const;

  HashCache& cache() { return cache_; }
  DeployEventLog& log() { return log_; }

  Status AcquireLock();
  bool locked() const { return lock_.has_value(); }
  // For a writing operation, with the lock held: the profile's persistent hash cache, which
  // Finish() saves. Otherwise the cache stays in memory only.
  void LoadHashCache();

  // This operation's staging directory in the target (release_switch.h).
  std::filesystem::path staging_dir() const;
  // Writes the first journal: id, operation, profile, start, step staged, target, staging
  // directory, and the given backup and plan.
  Status StartJournal(std::string backup_id, JournalPlan plan);
  // The journal as the operation moves on; ApplyStaged (release_switch.h) advances its step.
  Journal& journal() { return journal_; }
  Status WriteJournal();
  bool journal_written() const { return journal_written_; }
  // Remove the journal this operation wrote: RemoveJournal returns the failure;
  // RemoveJournalOrWarn logs it; DiscardJournal ignores it (a later removal or recovery
  // retries). All three do nothing when there is no journal of this operation.
  Status RemoveJournal();
  void RemoveJournalOrWarn();
  void DiscardJournal();
  // Recovery (recovery.h) resolved and removed this operation's journal.
  void JournalRemovedByRecovery() { journal_written_ = false; }
  // Production was not touched: drops the staging directories and the journal.
  void AbandonUntouched();

  // Called after each file of a switch is renamed into production (removed false) or
  // unlinked (removed true); `done` counts from 1.
  using SwitchProgress = std::function<void(bool removed, size_t done, const std::string& path)>;
  // Production changes here: `set`, staged in staging_dir(), is switched into the target by
  // ApplyStaged (release_switch.h), which advances the journal. After each file: `progress`
  // (may be empty), the fault point "<fault_state>:after-rename:N" or
  // "<fault_state>:after-remove:N", then cancellation. Once every file is in place: the event
  // "switched" with the journal plan's counts, then the fault point "<fault_state>:after-switch".
  Status SwitchProduction(const SwitchSet& set, std::string_view fault_state,
                          const SwitchProgress& progress);

  // `fields` plus the operation's deployment_id, profile, operation, started and finished.
  nlohmann::json HistoryRecord(nlohmann::json fields) const;
  enum class JournalAtFinish { kRemove, kKeep };
  // What every "finished" event says; the operation adds its own fields.
  struct Ending {
    std::string outcome;
    std::string version;
    int64_t duration_ms = 0;
    std::string failure_reason;
  };
  // For a writing operation: appends `history` (when the lock was taken), removes the journal
  // unless kKeep, saves the hash cache and logs "finished" with `ending` and `fields`.
  void Finish(const nlohmann::json& history, JournalAtFinish journal, const Ending& ending,
              nlohmann::json fields);

 private:
  const OperationKind kind_;
  const Profile& profile_;
  const bool writes_;
  const std::stop_token stop_;
  const Environment env_;
  const Clock& clock_;
  const FaultInjector faults_;
  const TimePoint started_;
  const std::chrono::steady_clock::time_point steady_start_;
  const std::string id_;
  HashCache cache_;
  DeployEventLog log_;
  std::optional<DeployLock> lock_;
  Journal journal_;
  bool journal_written_ = false;
};

}  // namespace ua::engine
