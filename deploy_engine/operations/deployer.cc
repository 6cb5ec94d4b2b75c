#include "deploy_engine/operations/deployer.h"

#include <sys/stat.h>

#include <algorithm>
#include <future>
#include <map>
#include <set>

#include <spdlog/spdlog.h>

#include "base/semver.h"
#include "base/text_join.h"
#include "deploy_engine/backup/backup_catalog.h"
#include "deploy_engine/backup/backup_writer.h"
#include "deploy_engine/backup/managed_files.h"
#include "deploy_engine/backup/production_backup.h"
#include "deploy_engine/backup/retention.h"
#include "deploy_engine/checks/post_deploy_tests.h"
#include "deploy_engine/files/tree_walk.h"
#include "deploy_engine/operations/operation_scope.h"
#include "deploy_engine/operations/recovery.h"
#include "deploy_engine/operations/state_machine.h"
#include "deploy_engine/preview/diff_preview.h"
#include "deploy_engine/state/journal.h"
#include "deploy_engine/state/layout.h"
#include "deploy_engine/state/version_file.h"
#include "deploy_engine/switch/preflight.h"
#include "deploy_engine/switch/release_switch.h"
#include "deploy_engine/switch/release_truth.h"
#include "deploy_engine/switch/write_obstacles.h"
#include "deploy_engine/validation/validation_chain.h"
#include "platform/fs_ops.h"

namespace ua::engine {
namespace {

namespace stdfs = std::filesystem;
using nlohmann::json;
using S = DeployState;

// A pre-flight obstacle as a finding of CHECKING: the path relative to the target when it is
// a file or directory below it (else absolute: the target itself, the backup_dir), the reason
// and what to do.
ValidationFinding PreflightFinding(const WriteObstacle& o, const stdfs::path& target) {
  ValidationFinding f;
  f.validator = "preflight";
  const stdfs::path rel = o.path.lexically_relative(target);
  const bool below = !rel.empty() && rel != "." && *rel.begin() != "..";
  f.path = below ? rel.generic_string() : o.path.string();
  f.severity = "error";
  f.message = o.reason + "; " + o.fix;
  return f;
}

std::vector<std::string> Paths(const std::vector<PlannedFile>& files) {
  std::vector<std::string> out;
  out.reserve(files.size());
  for (const auto& f : files) out.push_back(f.path);
  return out;
}

// The state failed and how, plus whether production was touched by then.
struct Failure {
  S state = S::kChecking;
  Status status;
};

class Deployment {
 public:
  Deployment(const DeployRequest& request, const DeployContext& context)
      : req_(request),
        profile_(request.profile),
        op_(OperationKind::kDeploy, request.profile, context, request.log_file, !request.dry_run),
        clock_(op_.clock()),
        faults_(op_.faults()),
        sm_(clock_, context.progress),
        stop_link_(context.stop, [this] { stop_source_.request_stop(); }) {
    r_.deployment_id = op_.id();
    r_.profile = profile_.name;
  }

  Result<DeployResult> Run();

 private:
  Status Enter(S state);
  // CHECKING; nullopt: go on; a Status error: refuse the request as a whole.
  Result<std::optional<Failure>> Check();
  Status AcquireLock();
  void TargetFacts();
  Status RecheckTarget();
  std::optional<Failure> BackUp();
  std::optional<Failure> Switch();
  std::optional<Failure> Test();
  std::optional<Failure> Finalize();
  void Rollback(const Failure& failure);
  // The rollback finished: production is the old release.
  void Restored();
  // The rollback stopped at `why` with `remaining` still to do: the outcome and the report come
  // from what production's files are now.
  void Unrestored(const Status& why, const SwitchSet& remaining);
  std::vector<ExpectedFile> ExpectedFiles() const;
  // A rolled-back first deployment leaves no empty target directory behind.
  void RemoveCreatedTarget();
  void Fail(const Failure& failure);
  void Finish();
  json HistoryRecord() const;

  const DeployRequest& req_;
  const Profile& profile_;
  OperationScope op_;
  const Clock& clock_;
  const FaultInjector& faults_;
  StateMachine sm_;
  std::stop_source stop_source_;
  std::stop_callback<std::function<void()>> stop_link_;
  DeployResult r_;

  bool touched_ = false;         // production may differ from the old release
  bool created_target_ = false;  // the target directory did not exist before this deployment
  std::vector<BackupSourceFile> target_files_;
  std::optional<VersionRead> production_;
  std::optional<BackupInfo> backup_;
};

Status Deployment::Enter(S state) {
  UA_RETURN_IF_ERROR(sm_.Transition(state));
  op_.log().Event("state", {{"state", DeployStateName(state)}});
  // CHECKING's point is checked once the lock is held and the journal started (see Check()),
  // so that a crash there is a crash of a deployment in flight.
  if (state == S::kChecking) return Status::Ok();
  return faults_.Check(DeployStateName(state));
}

Status Deployment::AcquireLock() {
  // With no lock file nobody can hold the lock; a dry run then leaves backup_dir uncreated.
  std::error_code ec;
  if (req_.dry_run && !stdfs::exists(LockPath(profile_.backup_dir), ec)) return Status::Ok();
  return op_.AcquireLock();
}

void Deployment::TargetFacts() {
  target_files_.clear();
  target_files_.reserve(r_.plan.target.size());
  std::set<std::string> replaced;
  for (const auto* list : {&r_.plan.modified, &r_.plan.removed}) {
    for (const PlannedFile& f : *list) replaced.insert(f.path);
  }
  for (const TargetFile& f : r_.plan.target) {
    const bool leaves = replaced.count(f.facts.path) > 0;
    target_files_.push_back({f.facts.path, f.facts.size, f.facts.mode, f.sha256, leaves});
  }
}

// Production must still be what the plan saw, or the backup would not be of the production
// being replaced. No second walk: each file the plan saw is stat'ed, and only one whose facts
// moved is hashed again (it must still have the planned content and mode); each path the
// switch adds must still be free. A managed file that appeared elsewhere is not touched by
// the switch and stays as it is.
Status Deployment::RecheckTarget() {
  std::vector<std::string> changed;
  for (const TargetFile& f : r_.plan.target) {
    std::optional<FileEntry> now = StatFile(profile_.target, f.facts.path);
    if (now && SameFacts(*now, f.facts)) continue;
    if (!now || now->mode != f.facts.mode) {
      changed.push_back(f.facts.path);
      continue;
    }
    auto sha = op_.cache().Hash(profile_.target, *now);
    if (!sha.ok() || *sha != f.sha256) changed.push_back(f.facts.path);
  }
  for (const PlannedFile& f : r_.plan.added) {
    struct stat st {};
    if (::lstat((profile_.target / f.path).c_str(), &st) == 0) changed.push_back(f.path);
  }
  if (changed.empty()) return Status::Ok();
  return FailedPrecondition("production changed while the deployment ran (" +
                            JoinFirst(changed, 10) +
                            "); nothing was switched. Run the deployment again");
}

Result<std::optional<Failure>> Deployment::Check() {
  auto fail = [](Status s) { return std::optional<Failure>(Failure{S::kChecking, std::move(s)}); };
  if (Status s = Enter(S::kChecking); !s.ok()) return fail(s);
  UA_RETURN_IF_ERROR(AcquireLock());

  if (op_.locked()) {
    auto recovered = RecoverLocked(profile_, clock_, faults_);
    if (!recovered.ok()) return fail(recovered.status());
    r_.recovered = std::move(recovered).value();
  }
  if (!req_.dry_run) {
    if (Status s = op_.StartJournal("", {}); !s.ok()) return fail(s);
    op_.log().Event("started", {{"dry_run", false}, {"deployed_by", req_.deployed_by}});
  }
  if (Status s = faults_.Check("CHECKING"); !s.ok()) return fail(s);

  if (Status s = CheckDistinctDirs(profile_.source, profile_.target); !s.ok()) return fail(s);
  // The source's git facts are read on another thread while the trees are walked and hashed:
  // libgit2's first use in a process costs a few milliseconds of set-up.
  std::future<Result<GitFacts>> git =
      std::async(std::launch::async, [source = profile_.source] { return ReadGitFacts(source); });
  op_.LoadHashCache();
  auto plan = BuildPlan(profile_, op_.cache());
  Result<GitFacts> git_facts = git.get();
  if (!plan.ok()) return fail(plan.status());
  r_.plan = std::move(plan).value();

  production_ = ReadVersionFile(profile_.target);
  if (production_->info) r_.previous_version = production_->info->version;
  r_.version_file_was_corrupt = production_->state == VersionFileState::kCorrupt;

  if (git_facts.ok()) {
    r_.git = std::move(git_facts).value();
  } else {
    r_.git_error = git_facts.status().ToString();
  }

  if (!r_.plan.HasChanges()) {
    r_.version = r_.previous_version;
    return std::optional<Failure>();
  }
  // Only a deployment that changes production backs it up and re-checks it before the switch.
  TargetFacts();

  if (profile_.require_clean_git) {
    if (!r_.git) {
      return fail(
          FailedPrecondition("require_clean_git is set but the source's git state is "
                             "unknown: " +
                             r_.git_error));
    }
    if (r_.git->dirty) {
      return fail(
          FailedPrecondition("the source has uncommitted changes and the profile sets "
                             "require_clean_git; commit or stash them first"));
    }
  }

  VersionInputs vin;
  vin.requested = req_.version;
  if (profile_.version_from && !req_.version) {
    vin.version_from_name = (profile_.source / *profile_.version_from).string();
    auto text = fs::ReadFile(profile_.source / *profile_.version_from);
    if (!text.ok()) {
      return InvalidArgument("cannot read the profile's version_from file " +
                             vin.version_from_name + ": " + text.status().message());
    }
    vin.version_from_text = std::move(text).value();
  }
  if (production_->info) vin.production = production_->info->version;
  vin.allow_downgrade = profile_.allow_downgrade;
  UA_ASSIGN_OR_RETURN(r_.version, ChooseVersion(vin));

  // Refused before the validators run: they never see links that point out of the source.
  if (Status s = CheckNoEscapingSymlinks(r_.plan); !s.ok()) return fail(s);
  if (!profile_.validators.empty()) {
    ValidationInput input{profile_.source, Paths(r_.plan.added)};
    for (const auto& f : r_.plan.modified) input.files.push_back(f.path);
    auto report = RunValidationChain(profile_.validators, profile_.fail_fast, input,
                                     stop_source_.get_token());
    if (!report.ok()) return fail(report.status());
    r_.validation = report->findings;
  }
  // The diff comes from this very plan, and hides what the secrets validator just flagged.
  if (req_.diff) {
    std::set<std::string> flagged;
    for (const ValidationFinding& f : r_.validation) {
      if (f.validator == "secrets" && !f.path.empty()) flagged.insert(f.path);
    }
    auto diff = BuildDiffPreview(
        {.profile = &profile_, .plan = &r_.plan, .hidden_paths = std::move(flagged), .context = 3},
        stop_source_.get_token());
    if (!diff.ok()) return fail(diff.status());
    r_.diff = std::move(diff).value();
  }
  if (const size_t errors = CountErrors(r_.validation); errors > 0) {
    return fail(FailedPrecondition("validation failed with " + std::to_string(errors) +
                                   " error(s); fix the source and deploy again"));
  }

  SpaceNeed need;
  need.staging_bytes = r_.plan.bytes_to_write;
  for (const auto& f : target_files_) need.backup_bytes += f.size;
  if (Status s = CheckFreeSpaceOnDisk(need, profile_.target, profile_.backup_dir); !s.ok()) {
    return fail(s);
  }
  const auto obstacles =
      FindWriteObstacles(WritesOf(r_.plan), profile_.target, profile_.backup_dir);
  if (!obstacles.empty()) {
    for (const WriteObstacle& o : obstacles)
      r_.validation.push_back(PreflightFinding(o, profile_.target));
    return fail(FailedPrecondition(
        "pre-flight: " + std::to_string(obstacles.size()) +
        (obstacles.size() == 1 ? " path would" : " paths would") +
        " refuse the switch (see validation[], validator \"preflight\"); nothing was changed"));
  }
  return std::optional<Failure>();
}

std::optional<Failure> Deployment::BackUp() {
  auto fail = [](Status s) { return std::optional<Failure>(Failure{S::kBackingUp, std::move(s)}); };
  if (Status s = Enter(S::kBackingUp); !s.ok()) return fail(s);
  Status injected;
  BackupOptions options;
  options.clock = &clock_;
  options.stop = stop_source_.get_token();
  options.progress = [&](size_t done, size_t total, const std::string& path) {
    sm_.Step(done, total, path);
    if (!injected.ok()) return;
    injected = faults_.CheckCounted("BACKING_UP:after-file", done);
    if (!injected.ok()) stop_source_.request_stop();
  };
  BackupStats stats;
  auto backup = BackUpProduction(profile_, r_.deployment_id, BackupKind::kPreDeploy, target_files_,
                                 *production_, options, &stats);
  if (!injected.ok()) return fail(injected);
  if (!backup.ok()) return fail(backup.status());
  backup_ = std::move(backup).value();
  r_.backup_id = backup_->backup_id;
  // Linking a replaced file into the backup moved only its ctime: the check before the switch
  // compares against the facts as they are now, so it need not read those files again.
  for (size_t i = 0; i < r_.plan.target.size(); ++i) {
    TargetFile& f = r_.plan.target[i];
    if (!target_files_[i].replaced) continue;
    if (std::optional<FileEntry> now = StatFile(profile_.target, f.facts.path);
        now && now->inode == f.facts.inode && now->device == f.facts.device &&
        now->size == f.facts.size && now->mtime_ns == f.facts.mtime_ns &&
        now->mode == f.facts.mode) {
      f.facts.ctime_ns = now->ctime_ns;
    }
  }
  op_.log().Event("backup_created", {{"backup_id", r_.backup_id},
                                     {"files", target_files_.size()},
                                     {"linked", stats.linked},
                                     {"copied", stats.copied}});
  if (Status s = faults_.Check("BACKING_UP:after-backup"); !s.ok()) return fail(s);
  return std::nullopt;
}

std::optional<Failure> Deployment::Switch() {
  auto fail = [](Status s) { return std::optional<Failure>(Failure{S::kDeploying, std::move(s)}); };
  if (Status s = Enter(S::kDeploying); !s.ok()) return fail(s);
  SwitchSet set;
  for (const auto* list : {&r_.plan.added, &r_.plan.modified}) {
    for (const auto& f : *list) {
      set.put.push_back({f.path, profile_.source / f.path, f.mode, f.sha256});
    }
  }
  set.remove = Paths(r_.plan.removed);
  const size_t steps = 2 * set.put.size() + set.remove.size();
  const stdfs::path staging = op_.staging_dir();
  std::error_code ec;
  created_target_ = !stdfs::exists(profile_.target, ec);
  if (Status s = fs::MakeDirs(profile_.target, 0755); !s.ok()) return fail(s);
  auto staged = [&](size_t done, size_t, const std::string& path) {
    sm_.Step(done, steps, "staged " + path);
    return Status::Ok();
  };
  if (Status s = StageFiles(staging, set, staged, stop_source_.get_token()); !s.ok()) {
    return fail(s);
  }
  if (Status s = faults_.Check("DEPLOYING:after-stage"); !s.ok()) return fail(s);

  op_.journal().backup_id = r_.backup_id;
  op_.journal().plan = {Paths(r_.plan.added), Paths(r_.plan.modified), Paths(r_.plan.removed)};
  if (Status s = op_.WriteJournal(); !s.ok()) return fail(s);
  if (Status s = faults_.Check("DEPLOYING:after-journal"); !s.ok()) return fail(s);
  if (Status s = op_.CheckCancelled(); !s.ok()) return fail(s);
  if (Status s = RecheckTarget(); !s.ok()) return fail(s);

  touched_ = true;
  auto progress = [&](bool removed, size_t done, const std::string& path) {
    if (removed) {
      sm_.Step(2 * set.put.size() + done, steps, "removed " + path);
    } else {
      sm_.Step(set.put.size() + done, steps, "installed " + path);
    }
  };
  if (Status s = op_.SwitchProduction(set, "DEPLOYING", progress); !s.ok()) return fail(s);
  return std::nullopt;
}

std::optional<Failure> Deployment::Test() {
  auto fail = [](Status s) { return std::optional<Failure>(Failure{S::kTesting, std::move(s)}); };
  if (Status s = op_.CheckCancelled(); !s.ok()) return fail(s);
  if (Status s = Enter(S::kTesting); !s.ok()) return fail(s);
  r_.tests = RunPostDeployTests(profile_.tests, profile_.target, stop_source_.get_token());
  std::string failed;
  for (const auto& t : r_.tests) {
    op_.log().Event("test", {{"name", t.name}, {"passed", t.passed}, {"ms", t.ms}});
    if (!t.passed) failed += (failed.empty() ? "" : ", ") + t.name;
  }
  if (Status s = op_.CheckCancelled(); !s.ok()) return fail(s);
  if (!failed.empty()) {
    return fail(
        FailedPrecondition("post-deploy test(s) failed: " + failed + "; see tests[].output_tail"));
  }
  return std::nullopt;
}

std::optional<Failure> Deployment::Finalize() {
  auto fail = [](Status s) {
    return std::optional<Failure>(Failure{S::kFinalizing, std::move(s)});
  };
  if (Status s = op_.CheckCancelled(); !s.ok()) return fail(s);
  if (Status s = Enter(S::kFinalizing); !s.ok()) return fail(s);
  VersionInfo v;
  v.version = r_.version;
  v.deployed = FormatIsoUtc(clock_.Now());
  v.deployed_from = profile_.source.string();
  if (r_.git) {
    v.git_commit = r_.git->commit;
    v.git_branch = r_.git->branch.value_or("");
    v.git_dirty = r_.git->dirty;
  }
  v.files_updated = static_cast<int>(r_.plan.added.size() + r_.plan.modified.size());
  v.deployed_by = req_.deployed_by;
  v.deployment_id = r_.deployment_id;
  v.backup_id = r_.backup_id;
  v.previous_version = r_.previous_version;
  v.files_removed = static_cast<int>(r_.plan.removed.size());
  if (Status s = WriteVersionFile(profile_.target, v); !s.ok()) return fail(s);
  op_.journal().step = JournalStep::kVersionWritten;
  if (Status s = op_.WriteJournal(); !s.ok()) return fail(s);
  op_.log().Event("version_written", {{"version", r_.version}});
  if (Status s = faults_.Check("FINALIZING:after-version"); !s.ok()) return fail(s);
  PruneBackupsOrWarn(profile_.backup_dir, profile_.keep_backups, {r_.backup_id});
  return std::nullopt;
}

void Deployment::Fail(const Failure& failure) {
  r_.failed_state = DeployStateName(failure.state);
  r_.failure_reason =
      failure.status.code() == StatusCode::kCancelled ? "cancelled" : failure.status.ToString();
}

void Deployment::Rollback(const Failure& failure) {
  Fail(failure);
  spdlog::warn("deploy {}: {} failed ({}); rolling back", r_.deployment_id, r_.failed_state,
               r_.failure_reason);
  if (Status s = sm_.Transition(S::kRollback); !s.ok()) {
    r_.outcome = DeployOutcome::kFailed;
    return;
  }
  op_.log().Event("state", {{"state", "ROLLBACK"}, {"failed_state", r_.failed_state}});
  if (!touched_) {
    op_.AbandonUntouched();
    RemoveCreatedTarget();
    r_.outcome = DeployOutcome::kRolledBack;
    (void)sm_.Transition(S::kComplete);
    return;
  }
  op_.journal().operation = "rollback";
  if (Status s = op_.WriteJournal(); !s.ok()) return Unrestored(s, {});
  std::vector<std::string> restore = Paths(r_.plan.modified);
  for (const auto& f : r_.plan.removed) restore.push_back(f.path);
  if (!backup_->manifest) return Unrestored(Corrupt("the backup's manifest is unavailable"), {});
  auto built = RestoreSet(backup_->dir, *backup_->manifest, restore, Paths(r_.plan.added));
  if (!built.ok()) return Unrestored(built.status(), {});
  // Only what is not the old release already is restored: a file the switch never reached
  // (say an immutable one) needs no write, and so cannot make the rollback fail.
  const ReleaseTruth truth = ReadReleaseTruth(profile_.target, ExpectedFiles());
  SwitchSet set = WithoutRestored(std::move(built).value(), truth);
  if (Status s = faults_.Check("ROLLBACK"); !s.ok()) return Unrestored(s, set);
  const stdfs::path staging = StagingDir(profile_.target, r_.deployment_id + "-rollback");
  if (Status s = StageFiles(staging, set, {}, {}); !s.ok()) return Unrestored(s, set);
  auto restored = [&](size_t n, size_t, const std::string&) {
    return faults_.CheckCounted("ROLLBACK:after-restore", n);
  };
  if (Status s = ApplyStaged(profile_.target, staging, set, profile_.backup_dir, op_.journal(),
                             restored, {});
      !s.ok()) {
    return Unrestored(s, set);
  }
  (void)CleanupStaging(profile_.target);
  if (Status s = op_.RemoveJournal(); !s.ok()) return Unrestored(s, set);
  Restored();
}

void Deployment::Restored() {
  RemoveCreatedTarget();
  r_.outcome = DeployOutcome::kRolledBack;
  op_.log().Event("rolled_back", {{"backup_id", r_.backup_id}});
  (void)sm_.Transition(S::kComplete);
}

std::vector<ExpectedFile> Deployment::ExpectedFiles() const {
  static const BackupManifest kNoBackup;
  std::map<std::string, std::string> planned;  // the new release: "" for a removed file
  for (const auto* list : {&r_.plan.added, &r_.plan.modified}) {
    for (const auto& f : *list) planned[f.path] = f.sha256;
  }
  std::vector<std::string> restore = Paths(r_.plan.modified);
  for (const auto& f : r_.plan.removed) restore.push_back(f.path);
  return RestoreExpectations(backup_->manifest ? *backup_->manifest : kNoBackup,
                             Paths(r_.plan.added), restore,
                             [&](const std::string& path) { return planned[path]; });
}

void Deployment::Unrestored(const Status& why, const SwitchSet& remaining) {
  const ReleaseTruth truth = ReadReleaseTruth(profile_.target, ExpectedFiles());
  op_.log().Event("rollback_failed",
                  {{"reason", why.ToString()}, {"production", truth.Headline()}});
  if (truth.AllOld()) {
    // Whatever step failed, every file is the old release: nothing is left to restore.
    (void)CleanupStaging(profile_.target);
    if (op_.RemoveJournal().ok()) return Restored();
  }
  r_.outcome = DeployOutcome::kFailed;
  r_.failure_reason +=
      "; the rollback did not finish either (" + why.ToString() + "): " + truth.Headline();
  r_.recovery =
      DescribeUnfinishedRestore(truth, remaining, why, profile_.target, profile_.backup_dir);
}

void Deployment::RemoveCreatedTarget() {
  if (!created_target_) return;
  // Only an empty directory goes: whatever someone put there meanwhile stays, and the next
  // deployment creates the directory again.
  std::error_code ec;
  if (stdfs::is_empty(profile_.target, ec) && stdfs::remove(profile_.target, ec)) {
    (void)fs::FsyncDir(profile_.target.parent_path());
  }
}

json Deployment::HistoryRecord() const {
  json j = {{"outcome", DeployOutcomeName(r_.outcome)},
            {"version", r_.version},
            {"previous_version", r_.previous_version},
            {"backup_id", r_.backup_id},
            {"files",
             {{"added", r_.plan.added.size()},
              {"modified", r_.plan.modified.size()},
              {"removed", r_.plan.removed.size()},
              {"unchanged", r_.plan.unchanged.size()}}},
            {"duration_ms", r_.duration_ms},
            {"message", req_.message},
            {"deployed_by", req_.deployed_by}};
  if (r_.git) j["git_commit"] = r_.git->commit;
  if (!r_.validation.empty()) {
    const size_t errors = CountErrors(r_.validation);
    j["findings"] = {{"errors", errors}, {"warnings", r_.validation.size() - errors}};
  }
  if (!r_.failed_state.empty()) {
    j["failed_state"] = r_.failed_state;
    j["failure_reason"] = r_.failure_reason;
  }
  return op_.HistoryRecord(std::move(j));
}

void Deployment::Finish() {
  sm_.Finish();
  r_.states = sm_.records();
  r_.duration_ms = op_.ElapsedMs();
  if (req_.dry_run) return;
  // A rollback that could not finish keeps its journal: the next start retries the restore.
  const bool keep_journal = r_.outcome == DeployOutcome::kFailed && touched_;
  op_.Finish(HistoryRecord(),
             keep_journal ? OperationScope::JournalAtFinish::kKeep
                          : OperationScope::JournalAtFinish::kRemove,
             {DeployOutcomeName(r_.outcome), r_.version, r_.duration_ms, r_.failure_reason},
             {{"backup_id", r_.backup_id}, {"failed_state", r_.failed_state}});
}

Result<DeployResult> Deployment::Run() {
  auto checked = Check();
  if (!checked.ok()) {
    op_.DiscardJournal();
    op_.log().Event("refused", {{"reason", checked.status().ToString()}});
    return checked.status();
  }
  if (checked->has_value()) {
    Fail(**checked);
    r_.outcome = DeployOutcome::kFailed;
    Finish();
    return std::move(r_);
  }
  if (!r_.plan.HasChanges() || req_.dry_run) {
    r_.outcome = r_.plan.HasChanges() ? DeployOutcome::kDryRun : DeployOutcome::kNoChanges;
    (void)sm_.Transition(S::kComplete);
    Finish();
    return std::move(r_);
  }

  std::optional<Failure> failure;
  if (Status s = op_.CheckCancelled(); !s.ok()) failure = Failure{S::kChecking, s};
  if (!failure) failure = BackUp();
  if (!failure) {
    if (Status s = op_.CheckCancelled(); !s.ok()) failure = Failure{S::kBackingUp, s};
  }
  if (!failure) failure = Switch();
  if (!failure) failure = Test();
  if (!failure) failure = Finalize();

  if (failure) {
    if (!touched_ && failure->status.code() == StatusCode::kCancelled) {
      Fail(*failure);
      (void)CleanupStaging(profile_.target);
      r_.outcome = DeployOutcome::kFailed;
    } else {
      Rollback(*failure);
    }
  } else {
    r_.outcome = DeployOutcome::kComplete;
    (void)sm_.Transition(S::kComplete);
  }
  Finish();
  return std::move(r_);
}

}  // namespace

Result<DeployResult> Deploy(const DeployRequest& request, const DeployContext& context) {
  Deployment deployment(request, context);
  return deployment.Run();
}

}  // namespace ua::engine
