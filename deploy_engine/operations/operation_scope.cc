#include "deploy_engine/operations/operation_scope.h"

#include <spdlog/spdlog.h>

#include "deploy_engine/state/deployment_id.h"
#include "deploy_engine/state/history.h"
#include "deploy_engine/state/layout.h"

namespace ua::engine {

OperationScope::OperationScope(OperationKind kind, const Profile& profile,
                               const DeployContext& context, const std::filesystem::path& log_file,
                               bool writes)
    : kind_(kind),
      profile_(profile),
      writes_(writes),
      stop_(context.stop),
      env_(context.env ? *context.env : Environment::Process()),
      clock_(context.clock ? *context.clock : SystemClock()),
      faults_(FaultInjector::FromEnvironment(env_)),
      started_(clock_.Now()),
      steady_start_(std::chrono::steady_clock::now()),
      id_(context.deployment_id.empty()
              ? NewDeploymentId(clock_, kind == OperationKind::kDeploy ? 'd' : 'r')
              : context.deployment_id),
      cache_(HashCache::InMemory()),
      log_(log_file, id_, profile.name, clock_, writes) {}

const char* OperationScope::operation() const {
  return kind_ == OperationKind::kDeploy ? "deploy" : "rollback";
}

Status OperationScope::CheckCancelled() const {
  if (stop_.stop_requested()) return Status(StatusCode::kCancelled, "cancelled");
  return Status::Ok();
}

int64_t OperationScope::ElapsedMs() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                               steady_start_)
      .count();
}

Status OperationScope::AcquireLock() {
  const LockHolder holder = MakeLockHolder(FormatIsoUtc(clock_.Now()), id_, operation());
  const std::filesystem::path lock_path = LockPath(profile_.backup_dir);
  auto lock = DeployLock::Acquire(lock_path, holder, 0);
  if (!lock.ok() && lock.status().code() == StatusCode::kBusy && profile_.lock_timeout_s > 0) {
    spdlog::warn("waiting for lock {} (up to {} s): {}", lock_path.string(),
                 profile_.lock_timeout_s, lock.status().message());
    lock = DeployLock::Acquire(lock_path, holder, profile_.lock_timeout_s);
  }
  if (!lock.ok()) return lock.status();
  lock_.emplace(std::move(lock).value());
  return Status::Ok();
}

void OperationScope::LoadHashCache() {
  if (!writes_) return;
  if (auto file = HashCachePath(profile_, env_)) cache_ = HashCache::Load(*file);
}

std::filesystem::path OperationScope::staging_dir() const {
  return StagingDir(profile_.target, id_);
}

Status OperationScope::StartJournal(std::string backup_id, JournalPlan plan) {
  journal_.deployment_id = id_;
  journal_.operation = operation();
  journal_.profile = profile_.name;
  journal_.backup_id = std::move(backup_id);
  journal_.started = FormatIsoUtc(started_);
  journal_.step = JournalStep::kStaged;
  journal_.plan = std::move(plan);
  journal_.target = profile_.target.string();
  journal_.staging_dir = staging_dir().string();
  return WriteJournal();
}

Status OperationScope::WriteJournal() {
  UA_RETURN_IF_ERROR(engine::WriteJournal(profile_.backup_dir, journal_));
  journal_written_ = true;
  return Status::Ok();
}

Status OperationScope::RemoveJournal() {
  if (!journal_written_) return Status::Ok();
  UA_RETURN_IF_ERROR(engine::RemoveJournal(profile_.backup_dir));
  journal_written_ = false;
  return Status::Ok();
}

void OperationScope::RemoveJournalOrWarn() {
  if (Status s = RemoveJournal(); !s.ok()) {
    spdlog::warn("{} {}: journal not removed: {}", operation(), id_, s.ToString());
  }
}

void OperationScope::DiscardJournal() { (void)RemoveJournal(); }

void OperationScope::AbandonUntouched() {
  (void)CleanupStaging(profile_.target);
  DiscardJournal();
}

Status OperationScope::SwitchProduction(const SwitchSet& set, std::string_view fault_state,
                                        const SwitchProgress& progress) {
  const std::string state(fault_state);
  auto after = [&](bool removed) -> SwitchStepFn {
    const std::string point = state + (removed ? ":after-remove" : ":after-rename");
    return [this, &progress, removed, point](size_t done, size_t, const std::string& path) {
      if (progress) progress(removed, done, path);
      UA_RETURN_IF_ERROR(faults_.CheckCounted(point, done));
      return CheckCancelled();
    };
  };
  auto before_rename = [&](size_t n, size_t, const std::string& path) {
    Status s = faults_.CheckCounted(state + ":rename", n);
    if (s.code() == StatusCode::kIoError) {
      return IoError("rename " + (profile_.target / path).string() + ": " + s.message());
    }
    return s;
  };
  UA_RETURN_IF_ERROR(ApplyStaged(profile_.target, staging_dir(), set, profile_.backup_dir, journal_,
                                 after(false), after(true), before_rename));
  log_.Event("switched", {{"added", journal_.plan.added.size()},
                          {"modified", journal_.plan.modified.size()},
                          {"removed", journal_.plan.removed.size()}});
  return faults_.Check(state + ":after-switch");
}

nlohmann::json OperationScope::HistoryRecord(nlohmann::json fields) const {
  fields["deployment_id"] = id_;
  fields["profile"] = profile_.name;
  fields["operation"] = operation();
  fields["started"] = FormatIsoUtc(started_);
  fields["finished"] = FormatIsoUtc(clock_.Now());
  return fields;
}

void OperationScope::Finish(const nlohmann::json& history, JournalAtFinish journal,
                            const Ending& ending, nlohmann::json fields) {
  if (!writes_) return;
  if (lock_) {
    if (Status s = AppendHistory(profile_.backup_dir, history); !s.ok()) {
      spdlog::warn("{} {}: history not written: {}", operation(), id_, s.ToString());
    }
  }
  if (journal == JournalAtFinish::kRemove) RemoveJournalOrWarn();
  if (Status s = cache_.Save(); !s.ok()) {
    spdlog::warn("{} {}: hash cache not saved: {}", operation(), id_, s.ToString());
  }
  fields["outcome"] = ending.outcome;
  fields["version"] = ending.version;
  fields["duration_ms"] = ending.duration_ms;
  fields["failure_reason"] = ending.failure_reason;
  log_.Event("finished", std::move(fields));
}

}  // namespace ua::engine
