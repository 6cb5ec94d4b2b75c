#include "deploy_engine/switch/release_switch.h"

#include <unistd.h>

#include <cerrno>
#include <mutex>
#include <set>

#include "base/parallel_for.h"
#include "deploy_engine/files/tree_walk.h"
#include "deploy_engine/state/layout.h"
#include "deploy_engine/state/version_file.h"
#include "platform/fs_ops.h"

namespace ua::engine {
namespace {

namespace stdfs = std::filesystem;

Status Unlink(const stdfs::path& p) {
  if (unlink(p.c_str()) == 0 || errno == ENOENT) return Status::Ok();
  return ErrnoStatus("unlink " + p.string(), errno);
}

// Removes the now-empty parents of `rel` inside `target`, deepest first; stops at the first
// directory that is not empty (or not removable). Each removal is recorded in `touched`.
void RemoveEmptyParents(const stdfs::path& target, const std::string& rel,
                        std::set<stdfs::path>* touched) {
  stdfs::path dir = stdfs::path(rel).parent_path();
  while (!dir.empty()) {
    if (rmdir((target / dir).c_str()) != 0) return;
    touched->insert((target / dir).parent_path());
    dir = dir.parent_path();
  }
}

}  // namespace

Status CleanupStaging(const stdfs::path& target) {
  std::error_code ec;
  if (!stdfs::is_directory(target, ec)) return Status::Ok();
  bool removed = false;
  for (const auto& entry : stdfs::directory_iterator(target, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(kStagingPrefix, 0) != 0) continue;
    UA_RETURN_IF_ERROR(fs::RemoveAll(entry.path()));
    removed = true;
  }
  if (ec) return ErrnoStatus("list " + target.string(), ec.value());
  if (removed) return fs::FsyncDir(target);
  return Status::Ok();
}

Status StageFiles(const stdfs::path& staging, const SwitchSet& set, const SwitchStepFn& after_file,
                  const std::stop_token& stop, std::vector<FileEntry>* staged) {
  auto fail = [&](Status s) {
    (void)fs::RemoveAll(staging);
    return s;
  };
  if (Status s = fs::MakeDirs(staging, 0700); !s.ok()) return fail(s);
  // The directories first, each made once, parents before children.
  std::set<stdfs::path> dirs = {staging};
  for (const SwitchPut& put : set.put) {
    for (stdfs::path d = stdfs::path(put.path).parent_path(); !d.empty(); d = d.parent_path()) {
      if (!dirs.insert(staging / d).second) break;
    }
  }
  for (const auto& d : dirs) {
    if (Status s = fs::MakeDirs(d, 0700); !s.ok()) return fail(s);
  }

  // Then the files, on a small pool of threads, each hashed as it is written. after_file is
  // called one file at a time, with a count that only grows; its first error stops the rest.
  fs::CopyOptions copy;
  copy.follow_symlinks = true;  // a managed link inside the source deploys its content
  copy.fsync = !fs::SyncFilesystemIsDurable();  // else one SyncFilesystem below
  std::vector<Status> results(set.put.size());
  if (staged) staged->assign(set.put.size(), FileEntry{});
  std::stop_source halt;
  std::mutex mu;
  size_t done = 0;
  Status first_error;
  ParallelFor(set.put.size(), halt.get_token(), [&](size_t i) {
    const SwitchPut& put = set.put[i];
    Status result;
    if (stop.stop_requested()) {
      result = Status(StatusCode::kCancelled, "cancelled");
    } else {
      std::string sha;
      fs::CopyOptions hashed = copy;
      if (!put.sha256.empty()) hashed.sha256_out = &sha;
      result = fs::CopyFile(put.from, staging / put.path, put.mode, hashed);
      if (result.ok() && !put.sha256.empty() && sha != put.sha256) {
        result = Corrupt(put.from.string() +
                         " changed after it was planned (its SHA-256 differs); run the "
                         "deployment again");
      }
      if (result.ok() && staged) {
        std::optional<FileEntry> facts = StatFile(staging, put.path);
        if (facts) (*staged)[i] = std::move(*facts);
      }
    }
    std::lock_guard<std::mutex> lock(mu);
    if (result.ok() && first_error.ok() && after_file) {
      result = after_file(++done, set.put.size(), put.path);
    }
    if (!result.ok() && first_error.ok()) {
      first_error = result;
      halt.request_stop();
    }
  });
  if (!first_error.ok()) return fail(first_error);
  if (stop.stop_requested()) return fail(Status(StatusCode::kCancelled, "cancelled"));
  if (Status s = fs::SyncFilesystem(staging); !s.ok()) return fail(s);
  for (auto d = dirs.rbegin(); d != dirs.rend(); ++d) {
    if (Status s = fs::FsyncDir(*d); !s.ok()) return fail(s);
  }
  return Status::Ok();
}

Status ApplyStaged(const stdfs::path& target, const stdfs::path& staging, const SwitchSet& set,
                   const stdfs::path& backup_dir, Journal& journal,
                   const SwitchStepFn& after_rename, const SwitchStepFn& after_remove,
                   const SwitchStepFn& before_rename) {
  journal.step = JournalStep::kSwitching;
  UA_RETURN_IF_ERROR(WriteJournal(backup_dir, journal));
  UA_RETURN_IF_ERROR(fs::MakeDirs(target, 0755));

  std::set<stdfs::path> touched = {target};
  size_t done = 0;
  for (const SwitchPut& put : set.put) {
    const stdfs::path to = target / put.path;
    if (!touched.count(to.parent_path())) {
      UA_RETURN_IF_ERROR(fs::MakeDirs(to.parent_path(), 0755));
      // Directories created here are entries of their parents, which must be fsynced too.
      for (stdfs::path d = to.parent_path(); d != target && d != d.parent_path();
           d = d.parent_path()) {
        touched.insert(d);
      }
    }
    if (before_rename) UA_RETURN_IF_ERROR(before_rename(done + 1, set.put.size(), put.path));
    UA_RETURN_IF_ERROR(fs::Rename(staging / put.path, to));
    ++done;
    if (after_rename) UA_RETURN_IF_ERROR(after_rename(done, set.put.size(), put.path));
  }
  done = 0;
  for (const std::string& rel : set.remove) {
    UA_RETURN_IF_ERROR(Unlink(target / rel));
    touched.insert((target / rel).parent_path());
    RemoveEmptyParents(target, rel, &touched);
    ++done;
    if (after_remove) UA_RETURN_IF_ERROR(after_remove(done, set.remove.size(), rel));
  }
  for (const auto& d : touched) {
    std::error_code ec;
    if (!stdfs::is_directory(d, ec)) continue;  // removed as empty
    UA_RETURN_IF_ERROR(fs::FsyncDir(d));
  }
  journal.step = JournalStep::kSwitched;
  UA_RETURN_IF_ERROR(WriteJournal(backup_dir, journal));
  UA_RETURN_IF_ERROR(fs::RemoveAll(staging));
  return Status::Ok();
}

Result<SwitchSet> RestoreSet(const stdfs::path& backup_path, const BackupManifest& manifest,
                             const std::vector<std::string>& restore,
                             const std::vector<std::string>& added) {
  SwitchSet set;
  for (const std::string& rel : restore) {
    const ManifestFile* f = manifest.Find(rel);
    if (f == nullptr) {
      return Corrupt("backup " + manifest.backup_id + " has no copy of " + rel +
                     "; it cannot restore the old release");
    }
    set.put.push_back({rel, backup_path / kBackupFilesDir / rel, f->mode, f->sha256});
  }
  set.remove = added;
  if (manifest.version_file) {
    set.put.push_back({kVersionFileName, backup_path / kVersionFileName,
                       manifest.version_file->mode, manifest.version_file->sha256});
  } else {
    set.remove.push_back(kVersionFileName);
  }
  return set;
}

}  // namespace ua::engine
