#include "deploy_engine/operations/rollback.h"

#include <sys/stat.h>

#include <cstdio>
#include <map>
#include <set>
#include <utility>

#include <spdlog/spdlog.h>

#include "base/semver.h"
#include "base/text_join.h"
#include "deploy_engine/backup/backup_catalog.h"
#include "deploy_engine/backup/backup_writer.h"
#include "deploy_engine/backup/managed_files.h"
#include "deploy_engine/backup/production_backup.h"
#include "deploy_engine/backup/retention.h"
#include "deploy_engine/checks/post_deploy_tests.h"
#include "deploy_engine/files/file_selector.h"
#include "deploy_engine/files/hash_cache.h"
#include "deploy_engine/files/plan.h"
#include "deploy_engine/files/tree_walk.h"
#include "deploy_engine/operations/operation_scope.h"
#include "deploy_engine/operations/recovery.h"
#include "deploy_engine/state/history.h"
#include "deploy_engine/state/journal.h"
#include "deploy_engine/state/layout.h"
#include "deploy_engine/state/version_file.h"
#include "deploy_engine/switch/release_switch.h"
#include "deploy_engine/switch/write_obstacles.h"
#include "platform/fs_ops.h"
#include "platform/sha256.h"

namespace ua::engine {
namespace {

namespace stdfs = std::filesystem;
using nlohmann::json;

struct Content {
  uint32_t mode = 0;
  std::string sha256;
  bool operator==(const Content&) const = default;
};
using ContentMap = std::map<std::string, Content>;

ContentMap FromFiles(const std::vector<BackupSourceFile>& files) {
  ContentMap out;
  for (const auto& f : files) out[f.path] = {f.mode, f.sha256};
  return out;
}

// The backup's managed files under the profile as it is now: a path the profile no longer
// manages is neither written nor counted.
ContentMap FromManifest(const BackupManifest& m, const FileSelector& selector) {
  ContentMap out;
  for (const auto& f : m.files) {
    if (!selector.IsManaged(f.path)) continue;
    out[f.path] = {f.mode, f.sha256};
  }
  return out;
}

struct Diff {
  std::vector<std::string> added, modified, removed;
  size_t unchanged = 0;
};

// What turns `have` into `want`.
Diff Compare(const ContentMap& have, const ContentMap& want) {
  Diff d;
  for (const auto& [path, c] : want) {
    auto it = have.find(path);
    if (it == have.end()) {
      d.added.push_back(path);
    } else if (it->second == c) {
      ++d.unchanged;
    } else {
      d.modified.push_back(path);
    }
  }
  for (const auto& [path, c] : have) {
    if (!want.count(path)) d.removed.push_back(path);
  }
  return d;
}

// Whether `now` is still the file whose facts were recorded as `then`. A renamed file keeps
// its inode, size and mtime but rename moves its ctime, so ctime is compared only when asked.
bool StillTheSameFile(const FileEntry& now, const FileEntry& then, bool compare_ctime) {
  return now.device == then.device && now.inode == then.inode && now.size == then.size &&
         now.mtime_ns == then.mtime_ns && now.mode == then.mode &&
         (!compare_ctime || now.ctime_ns == then.ctime_ns);
}

// After the switch, production must hold exactly `want`, and none of `gone`. No file is read
// again when its facts prove its content: `staged` (a file the restore put: its content was
// hashed as it was staged, and rename keeps the inode) and `untouched` (a file the restore did
// not touch: it had want's content when production was hashed before the rollback). Any
// other file is read and hashed. Returns one line per mismatch, in path order.
std::vector<std::string> VerifyRestored(const stdfs::path& target, const ContentMap& want,
                                        const std::map<std::string, FileEntry>& staged,
                                        const std::map<std::string, FileEntry>& untouched,
                                        const std::vector<std::string>& gone) {
  std::vector<std::string> mismatches;
  for (const auto& [path, content] : want) {
    std::optional<FileEntry> now = StatFile(target, path);
    if (!now) {
      mismatches.push_back(path + ": missing");
      continue;
    }
    if (auto it = staged.find(path);
        it != staged.end() && StillTheSameFile(*now, it->second, /*compare_ctime=*/false)) {
      continue;
    }
    if (auto it = untouched.find(path);
        it != untouched.end() && StillTheSameFile(*now, it->second, /*compare_ctime=*/true)) {
      continue;
    }
    auto sha = Sha256File(target / path);
    if (!sha.ok() || *sha != content.sha256 || now->mode != content.mode) {
      mismatches.push_back(path + ": differs from the backup's manifest");
    }
  }
  for (const std::string& path : gone) {
    struct stat st {};
    if (::lstat((target / path).c_str(), &st) == 0)
      mismatches.push_back(path + ": not in the backup");
  }
  return mismatches;
}

// Bytes really allocated below `dir`, each inode counted once; inodes are also added to
// `seen_everywhere` so a total over several backups counts shared hard links once.
uint64_t DiskBytes(const stdfs::path& dir, std::set<std::pair<dev_t, ino_t>>& seen_everywhere,
                   uint64_t* new_everywhere) {
  std::set<std::pair<dev_t, ino_t>> seen;
  uint64_t bytes = 0;
  std::error_code ec;
  auto count = [&](const stdfs::path& p) {
    struct stat st {};
    if (lstat(p.c_str(), &st) != 0) return;
    const auto key = std::make_pair(st.st_dev, st.st_ino);
    const uint64_t b = static_cast<uint64_t>(st.st_blocks) * 512;
    if (seen.insert(key).second) bytes += b;
    if (seen_everywhere.insert(key).second) *new_everywhere += b;
  };
  count(dir);
  for (stdfs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    count(it->path());
  }
  return bytes;
}

// Printable form of an argument for messages (a NUL or control byte shown as \xNN).
std::string Printable(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (c < 0x20 || c == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

Status CheckArguments(const RollbackRequest& r) {
  if (r.backup_id && r.version) {
    return InvalidArgument("give either backup_id or version, not both");
  }
  if (r.backup_id) {
    const std::string& id = *r.backup_id;
    if (id.find('\0') != std::string::npos || id.find('/') != std::string::npos ||
        id.find("..") != std::string::npos || !IsBackupId(id)) {
      return InvalidArgument("backup_id '" + Printable(id) +
                             "' is not a backup id (like 20250120T103000.123Z-v0.1.0; '/', "
                             "'..' and NUL are refused); list the backups with list: true");
    }
  }
  if (r.version && !ParseSemVer(*r.version)) {
    return InvalidArgument("version '" + Printable(*r.version) +
                           "' is not x.y.z; list the backups with list: true");
  }
  return Status::Ok();
}

std::string JoinSome(const std::vector<std::string>& items, size_t max) {
  return JoinFirst(items, max, ", ... ({} more)");
}

Status DamagedError(const BackupInfo& b) {
  std::string m =
      "backup " + b.backup_id + " is damaged and cannot be restored: " + b.damage_reason;
  if (!b.first_mismatches.empty()) {
    m += "; first mismatching files: " + JoinSome(b.first_mismatches, 10);
  }
  return FailedPrecondition(m + "; choose another backup (list: true shows them all)");
}

class Rollbacker {
 public:
  Rollbacker(const RollbackRequest& request, const DeployContext& context)
      : req_(request),
        profile_(request.profile),
        context_(context),
        op_(OperationKind::kRollback, request.profile, context, request.log_file,
            !request.list && !request.dry_run),
        selector_(profile_.include, profile_.exclude) {
    r_.profile = profile_.name;
    if (!req_.list) r_.deployment_id = op_.id();
  }

  Result<RollbackResult> Run();

 private:
  bool Changes() const { return !req_.list && !req_.dry_run; }
  Status ReadProduction();
  Result<RollbackResult> List(std::vector<BackupInfo> backups);
  Result<BackupInfo> Choose(std::vector<BackupInfo>& backups);
  void Restore(const BackupInfo& chosen);
  // Production may be a mix: puts the pre-rollback state back from the safety backup.
  void UndoSwitch(const Status& why, const BackupInfo& chosen);
  // After UndoSwitch could not put production back: r_.recovery from what the files are.
  void DescribeUnfinished(const Status& why, const BackupInfo& chosen);
  Status WriteVersion(const BackupInfo& chosen);
  void Fail(std::string reason);
  void Finish();
  json HistoryRecord() const;

  const RollbackRequest& req_;
  const Profile& profile_;
  const DeployContext& context_;
  OperationScope op_;
  FileSelector selector_;
  std::vector<BackupSourceFile> production_files_;
  std::vector<FileEntry> production_facts_;  // the same files' facts when they were hashed
  ContentMap production_;
  VersionRead version_read_;
  std::optional<BackupInfo> safety_;  // the safety backup, once made
  RollbackResult r_;
};

Status Rollbacker::ReadProduction() {
  UA_ASSIGN_OR_RETURN(production_files_,
                      HashManagedFiles(profile_.target, profile_, op_.cache(), &production_facts_));
  production_ = FromFiles(production_files_);
  version_read_ = ReadVersionFile(profile_.target);
  if (version_read_.info) r_.previous_version = version_read_.info->version;
  return Status::Ok();
}

Result<RollbackResult> Rollbacker::List(std::vector<BackupInfo> backups) {
  UA_ASSIGN_OR_RETURN(auto outcomes, OutcomesByDeployment(profile_.backup_dir));
  std::set<std::pair<dev_t, ino_t>> seen;
  for (BackupInfo& b : backups) {
    VerifyBackupInfo(b);
    BackupListEntry e;
    e.backup_id = b.backup_id;
    e.created = b.created;
    e.version = b.version;
    e.kind = b.kind;
    e.git_commit = b.git_commit;
    e.files = b.files;
    e.bytes = b.bytes;
    e.disk_bytes = DiskBytes(b.dir, seen, &r_.backups_disk_bytes);
    e.deployment_id = b.deployment_id;
    if (auto it = outcomes.find(b.deployment_id); it != outcomes.end()) {
      e.deployment_outcome = it->second;
    }
    e.damaged = b.damaged;
    e.damage_reason = b.damage_reason;
    e.first_mismatches = b.first_mismatches;
    e.current = !b.damaged && b.manifest && FromManifest(*b.manifest, selector_) == production_;
    r_.backups.push_back(std::move(e));
  }
  r_.outcome = RollbackOutcome::kListed;
  r_.duration_ms = op_.ElapsedMs();
  return std::move(r_);
}

Result<BackupInfo> Rollbacker::Choose(std::vector<BackupInfo>& backups) {
  if (backups.empty()) {
    return FailedPrecondition("profile " + profile_.name + " has no backups in " +
                              profile_.backup_dir.string() +
                              ": nothing to roll back to (a deployment makes one)");
  }
  auto same_as_production = [&](const BackupInfo& b) {
    return b.manifest && FromManifest(*b.manifest, selector_) == production_;
  };
  auto already = [&](const BackupInfo& b) {
    return FailedPrecondition("production already has the managed content of backup " +
                              b.backup_id + ": nothing to roll back");
  };
  if (req_.backup_id) {
    for (BackupInfo& b : backups) {
      if (b.backup_id != *req_.backup_id) continue;
      VerifyBackupInfo(b);
      if (b.damaged) return DamagedError(b);
      if (same_as_production(b)) return already(b);
      return b;
    }
    std::vector<std::string> ids;
    for (const auto& b : backups) ids.push_back(b.backup_id);
    return NotFound("profile " + profile_.name + " has no backup '" + *req_.backup_id +
                    "'; its backups, newest first: " + JoinSome(ids, 10));
  }
  if (req_.version) {
    const BackupInfo* first = nullptr;
    for (BackupInfo& b : backups) {
      if (b.version != *req_.version) continue;
      VerifyBackupInfo(b);
      if (!first) first = &b;
      if (b.damaged) continue;
      if (same_as_production(b)) return already(b);
      return b;
    }
    if (first) return DamagedError(*first);
    std::set<std::string> versions;
    for (const auto& b : backups) {
      if (b.version) versions.insert(*b.version);
    }
    return NotFound("no backup of profile " + profile_.name + " holds version " + *req_.version +
                    "; versions in backups: " + JoinSome({versions.begin(), versions.end()}, 20));
  }
  std::vector<std::string> skipped;
  for (BackupInfo& b : backups) {
    if (!b.damaged && same_as_production(b)) continue;
    VerifyBackupInfo(b);
    if (b.damaged) {
      skipped.push_back(b.backup_id + " (" + b.damage_reason + ")");
      continue;
    }
    if (!skipped.empty()) {
      spdlog::warn("rollback {}: skipped damaged backups: {}", r_.deployment_id,
                   JoinSome(skipped, 10));
    }
    return b;
  }
  std::string m = "nothing to roll back: every good backup of profile " + profile_.name +
                  " has the managed content production has now";
  if (!skipped.empty()) m += "; damaged backups not used: " + JoinSome(skipped, 10);
  return FailedPrecondition(m);
}

void Rollbacker::Fail(std::string reason) {
  r_.outcome = RollbackOutcome::kFailed;
  r_.failure_reason = std::move(reason);
  spdlog::error("rollback {}: {}", r_.deployment_id, r_.failure_reason);
}

Status Rollbacker::WriteVersion(const BackupInfo& chosen) {
  VersionInfo v;
  VersionRead old = ReadVersionFile(chosen.dir);
  if (old.info) v = *old.info;
  v.version = r_.version;
  v.deployed = FormatIsoUtc(op_.clock().Now());
  v.files_updated = static_cast<int>(r_.added.size() + r_.modified.size());
  v.files_removed = static_cast<int>(r_.removed.size());
  v.deployed_by = req_.deployed_by;
  v.deployment_id = r_.deployment_id;
  v.backup_id = r_.safety_backup_id;
  v.previous_version = r_.previous_version;
  if (chosen.git_commit) v.git_commit = *chosen.git_commit;
  v.extra["rolled_back_from"] = r_.previous_version;
  v.extra["restored_backup_id"] = chosen.backup_id;
  return WriteVersionFile(profile_.target, v);
}

void Rollbacker::UndoSwitch(const Status& why, const BackupInfo& chosen) {
  std::string reason =
      "the switch to backup " + r_.restored_backup_id + " did not finish: " + why.ToString();
  r_.restored = false;
  auto undone = RecoverLocked(profile_, op_.clock(), FaultInjector());
  if (undone.ok()) {
    op_.JournalRemovedByRecovery();
    r_.recovered = std::move(undone).value();
    Fail(reason + "; production was put back as it was before the rollback (from safety backup " +
         r_.safety_backup_id + ")");
  } else {
    Fail(reason + "; putting production back from safety backup " + r_.safety_backup_id +
         " failed too, the journal is kept and the next ua-deploy command retries: " +
         undone.status().ToString());
    DescribeUnfinished(undone.status(), chosen);
  }
  op_.log().Event("rollback_failed", {{"reason", r_.failure_reason}});
}

void Rollbacker::DescribeUnfinished(const Status& why, const BackupInfo& chosen) {
  if (!safety_ || !safety_->manifest || !chosen.manifest) return;
  // "old" is production before this rollback (the safety backup), "new" the chosen backup.
  std::vector<std::string> restore = r_.modified;
  restore.insert(restore.end(), r_.removed.begin(), r_.removed.end());
  const ReleaseTruth truth = ReadReleaseTruth(
      profile_.target,
      RestoreExpectations(*safety_->manifest, r_.added, restore, [&](const std::string& path) {
        const ManifestFile* f = chosen.manifest->Find(path);
        return f ? f->sha256 : std::string();
      }));
  auto set = RestoreSet(safety_->dir, *safety_->manifest, restore, r_.added);
  if (!set.ok()) return;
  r_.failure_reason += "; " + truth.Headline();
  r_.recovery = DescribeUnfinishedRestore(truth, WithoutRestored(std::move(set).value(), truth),
                                          why, profile_.target, profile_.backup_dir);
}

void Rollbacker::Restore(const BackupInfo& chosen) {
  const std::stop_token& stop = op_.stop();
  op_.log().Event("started",
                  {{"restored_backup_id", chosen.backup_id}, {"deployed_by", req_.deployed_by}});

  // What the kernel would refuse is found before the safety backup, not in the switch.
  const PlannedWrites writes{r_.added, r_.modified, r_.removed};
  if (auto obstacles = FindWriteObstacles(writes, profile_.target, profile_.backup_dir);
      !obstacles.empty()) {
    std::string reasons = "pre-flight: " + std::to_string(obstacles.size()) +
                          (obstacles.size() == 1 ? " path would" : " paths would") +
                          " refuse the restore; nothing was changed:";
    for (const WriteObstacle& o : obstacles) {
      reasons += "\n  - " + o.path.string() + ": " + o.reason + "; " + o.fix;
    }
    return Fail(reasons);
  }

  BackupOptions options;
  options.clock = &op_.clock();
  options.stop = stop;
  options.verified_backup = chosen.dir;  // Choose() has just verified every file of it
  // The files the restore replaces or removes leave production: the safety backup keeps their
  // inodes instead of copies.
  std::vector<BackupSourceFile> safety_files = production_files_;
  const std::set<std::string> replaced(r_.modified.begin(), r_.modified.end());
  const std::set<std::string> removed(r_.removed.begin(), r_.removed.end());
  for (BackupSourceFile& f : safety_files) {
    f.replaced = replaced.count(f.path) > 0 || removed.count(f.path) > 0;
  }
  auto safety = BackUpProduction(profile_, r_.deployment_id, BackupKind::kSafety, safety_files,
                                 version_read_, options);
  if (!safety.ok()) {
    return Fail("the safety backup of production could not be made, nothing was changed: " +
                safety.status().ToString());
  }
  r_.safety_backup_id = safety->backup_id;
  safety_ = *safety;
  op_.log().Event("backup_created", {{"backup_id", r_.safety_backup_id}, {"kind", "safety"}});
  if (Status s = op_.faults().Check("ROLLBACK:after-safety-backup"); !s.ok()) {
    return Fail(s.ToString() + "; nothing was changed");
  }

  auto untouched = [&](const Status& s) {
    op_.AbandonUntouched();
    Fail(s.ToString() + "; production was not changed");
  };
  if (Status s = op_.StartJournal(r_.safety_backup_id, {r_.added, r_.modified, r_.removed});
      !s.ok()) {
    return untouched(s);
  }
  const stdfs::path staging = op_.staging_dir();

  SwitchSet set;
  for (const auto* list : {&r_.added, &r_.modified}) {
    for (const std::string& path : *list) {
      const ManifestFile* f = chosen.manifest->Find(path);
      set.put.push_back({path, chosen.dir / kBackupFilesDir / path, f->mode, f->sha256});
    }
  }
  set.remove = r_.removed;
  // Production had no VERSION when this backup was made: it goes back to having none.
  if (!chosen.version) set.remove.push_back(kVersionFileName);
  if (Status s = fs::MakeDirs(profile_.target, 0755); !s.ok()) return untouched(s);
  std::vector<FileEntry> staged;
  if (Status s = StageFiles(staging, set, {}, stop, &staged); !s.ok()) return untouched(s);
  if (Status s = op_.faults().Check("ROLLBACK:after-stage"); !s.ok()) return untouched(s);
  if (Status s = op_.CheckCancelled(); !s.ok()) return untouched(s);

  if (Status s = op_.SwitchProduction(set, "ROLLBACK", {}); !s.ok()) return UndoSwitch(s, chosen);
  r_.restored = true;

  {
    // Carried forward instead of read again: what staging and the pre-rollback hashing proved.
    const ContentMap want = FromManifest(*chosen.manifest, selector_);
    std::map<std::string, FileEntry> staged_by_path, untouched;
    for (size_t i = 0; i < set.put.size(); ++i) staged_by_path[set.put[i].path] = staged[i];
    for (const FileEntry& f : production_facts_) {
      auto w = want.find(f.path);
      auto had = production_.find(f.path);
      if (w != want.end() && had != production_.end() && had->second == w->second) {
        untouched[f.path] = f;
      }
    }
    r_.verify_mismatches =
        VerifyRestored(profile_.target, want, staged_by_path, untouched, r_.removed);
  }
  r_.verified = r_.verify_mismatches.empty();

  if (chosen.version) {
    if (Status s = WriteVersion(chosen); !s.ok()) return UndoSwitch(s, chosen);
    op_.log().Event("version_written", {{"version", r_.version}});
  }
  if (Status s = op_.faults().Check("ROLLBACK:after-version"); !s.ok())
    return UndoSwitch(s, chosen);
  op_.RemoveJournalOrWarn();

  r_.tests = RunPostDeployTests(profile_.tests, profile_.target, stop);
  std::vector<std::string> failed;
  for (const auto& t : r_.tests) {
    op_.log().Event("test", {{"name", t.name}, {"passed", t.passed}, {"ms", t.ms}});
    if (!t.passed) failed.push_back(t.name);
  }
  r_.outcome = RollbackOutcome::kComplete;
  if (!r_.verified) {
    Fail("production does not match backup " + chosen.backup_id + " after the restore: " +
         JoinSome(r_.verify_mismatches, 10) + "; roll back to safety backup " +
         r_.safety_backup_id + " to undo, or run the rollback again");
  } else if (!failed.empty()) {
    Fail("post-deploy test(s) failed after the rollback: " + JoinSome(failed, 10) +
         "; production stays on the restored content (" +
         (r_.version.empty() ? std::string("without a VERSION") : "v" + r_.version) +
         ") as asked; see tests[].output_tail, and roll back to safety backup " +
         r_.safety_backup_id + " to undo");
  } else {
    PruneBackupsOrWarn(profile_.backup_dir, profile_.keep_backups,
                       {chosen.backup_id, r_.safety_backup_id});
  }
}

json Rollbacker::HistoryRecord() const {
  json j = {{"outcome", RollbackOutcomeName(r_.outcome)},
            {"version", r_.version},
            {"previous_version", r_.previous_version},
            {"backup_id", r_.safety_backup_id},
            {"restored_backup_id", r_.restored_backup_id},
            {"files",
             {{"added", r_.added.size()},
              {"modified", r_.modified.size()},
              {"removed", r_.removed.size()},
              {"unchanged", r_.unchanged}}},
            {"verified", r_.verified},
            {"duration_ms", r_.duration_ms},
            {"deployed_by", req_.deployed_by}};
  if (!r_.failure_reason.empty()) j["failure_reason"] = r_.failure_reason;
  return op_.HistoryRecord(std::move(j));
}

void Rollbacker::Finish() {
  r_.duration_ms = op_.ElapsedMs();
  if (!Changes()) return;
  // Restore() removed the journal; a removal that failed there is retried after the record.
  op_.Finish(HistoryRecord(), OperationScope::JournalAtFinish::kKeep,
             {RollbackOutcomeName(r_.outcome), r_.version, r_.duration_ms, r_.failure_reason},
             {{"restored_backup_id", r_.restored_backup_id},
              {"safety_backup_id", r_.safety_backup_id},
              {"verified", r_.verified}});
}

Result<RollbackResult> Rollbacker::Run() {
  UA_RETURN_IF_ERROR(CheckArguments(req_));
  std::error_code ec;
  if (Changes()) {
    if (!stdfs::is_directory(profile_.backup_dir, ec)) {
      return FailedPrecondition("profile " + profile_.name + " has no backups (" +
                                profile_.backup_dir.string() +
                                " does not exist): nothing to roll back to");
    }
    UA_RETURN_IF_ERROR(op_.AcquireLock());
    UA_ASSIGN_OR_RETURN(r_.recovered, RecoverLocked(profile_, op_.clock(), op_.faults()));
    op_.LoadHashCache();
  } else {
    UA_ASSIGN_OR_RETURN(r_.recovered, RecoverIfInterrupted(profile_, context_));
  }
  UA_RETURN_IF_ERROR(ReadProduction());
  UA_ASSIGN_OR_RETURN(std::vector<BackupInfo> backups, ListBackups(profile_.backup_dir));
  if (req_.list) return List(std::move(backups));

  UA_ASSIGN_OR_RETURN(BackupInfo chosen, Choose(backups));
  r_.restored_backup_id = chosen.backup_id;
  r_.version = chosen.version.value_or("");
  const Diff diff = Compare(production_, FromManifest(*chosen.manifest, selector_));
  r_.added = diff.added;
  r_.modified = diff.modified;
  r_.removed = diff.removed;
  r_.unchanged = diff.unchanged;
  if (req_.dry_run) {
    r_.outcome = RollbackOutcome::kDryRun;
    Finish();
    return std::move(r_);
  }
  Restore(chosen);
  Finish();
  if (r_.outcome != RollbackOutcome::kFailed) op_.DiscardJournal();
  return std::move(r_);
}

}  // namespace

const char* RollbackOutcomeName(RollbackOutcome o) {
  switch (o) {
    case RollbackOutcome::kComplete:
      return "complete";
    case RollbackOutcome::kDryRun:
      return "dry_run";
    case RollbackOutcome::kFailed:
      return "failed";
    case RollbackOutcome::kListed:
      return "listed";
  }
  return "failed";
}

Result<RollbackResult> Rollback(const RollbackRequest& request, const DeployContext& context) {
  Rollbacker rollbacker(request, context);
  return rollbacker.Run();
}

}  // namespace ua::engine
