#include "deploy_engine/backup/backup_writer.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <mutex>
#include <set>

#include "base/parallel_for.h"
#include "deploy_engine/backup/backup_verify.h"
#include "deploy_engine/state/layout.h"
#include "platform/atomic_file.h"
#include "platform/fs_ops.h"
#include "platform/sha256.h"

namespace ua::engine {
namespace {

namespace stdfs = std::filesystem;

constexpr int kMaxNameAttempts = 1000;

std::string NamePart(const std::string& version) {
  std::string out;
  for (char c : version) {
    bool ok = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
              c == '.' || c == '_' || c == '+' || c == '-';
    out += ok ? c : '_';
  }
  while (out.find("..") != std::string::npos) out.replace(out.find(".."), 2, "._");
  return out.substr(0, 100);
}

bool IsHex64(const std::string& s) {
  return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

Status ValidateRequest(const std::vector<BackupSourceFile>& files) {
  std::set<std::string> seen;
  for (const auto& f : files) {
    if (!IsSafeRelativePath(f.path) || f.path.find('\n') != std::string::npos) {
      return InvalidArgument("refusing to back up unsafe path '" + f.path + "'");
    }
    if (!seen.insert(f.path).second) {
      return InvalidArgument("'" + f.path + "' is listed twice for backup");
    }
    if (!IsHex64(f.sha256)) {
      return InvalidArgument("'" + f.path + "' has no valid sha256 for backup");
    }
    if (f.mode > 07777) return InvalidArgument("'" + f.path + "' has invalid mode bits");
  }
  return Status::Ok();
}

// Removes the incoming directory unless Commit() was called.
class IncomingDir {
 public:
  explicit IncomingDir(stdfs::path p) : path_(std::move(p)) {}
  ~IncomingDir() {
    if (!committed_) (void)fs::RemoveAll(path_);
  }
  IncomingDir(const IncomingDir&) = delete;
  IncomingDir& operator=(const IncomingDir&) = delete;
  const stdfs::path& path() const { return path_; }
  void Commit() { committed_ = true; }

 private:
  stdfs::path path_;
  bool committed_ = false;
};

}  // namespace

Result<BackupInfo> CreateBackup(const stdfs::path& backup_dir, const stdfs::path& target_root,
                                const std::vector<BackupSourceFile>& files_in,
                                const std::optional<std::string>& version,
                                const std::optional<stdfs::path>& old_version_file,
                                const BackupMeta& meta, const BackupOptions& options,
                                BackupStats* stats_out) {
  UA_RETURN_IF_ERROR(ValidateRequest(files_in));
  std::vector<BackupSourceFile> files = files_in;
  std::sort(files.begin(), files.end(),
            [](const auto& a, const auto& b) { return a.path < b.path; });
  const Clock& clock = options.clock ? *options.clock : SystemClock();
  UA_RETURN_IF_ERROR(fs::MakeDirs(backup_dir, 0700));

  std::optional<BackupInfo> previous;
  {
    UA_ASSIGN_OR_RETURN(auto existing, ListBackups(backup_dir));
    for (auto& b : existing) {
      if (!b.damaged && b.manifest) {
        previous = std::move(b);
        break;
      }
    }
  }

  TimePoint now = clock.Now();
  std::string base = FormatBackupStamp(now) + (version ? "-v" + NamePart(*version) : "");
  std::string id;
  stdfs::path incoming_path;
  for (int n = 1; n <= kMaxNameAttempts && id.empty(); ++n) {
    std::string candidate = n == 1 ? base : base + "-" + std::to_string(n);
    std::error_code ec;
    if (stdfs::exists(backup_dir / candidate, ec) || ec) continue;
    auto path = IncomingBackupPath(backup_dir, candidate);
    if (::mkdir(path.c_str(), 0700) == 0) {
      id = candidate;
      incoming_path = path;
    } else if (errno != EEXIST) {
      return ErrnoStatus("create backup directory '" + path.string() + "'", errno);
    }
  }
  if (id.empty())
    return IoError("no free backup name for '" + base + "' in " + backup_dir.string());
  IncomingDir incoming(incoming_path);
  UA_RETURN_IF_ERROR(fs::MakeDirs(incoming.path() / kBackupFilesDir, 0700));

  BackupManifest manifest;
  manifest.backup_id = id;
  manifest.created = FormatIsoUtc(now);
  manifest.profile = meta.profile;
  manifest.kind = meta.kind;
  manifest.deployment_id = meta.deployment_id;
  manifest.version = version;
  manifest.git_commit = meta.git_commit;

  // The directories first, each made once, parents before children.
  const stdfs::path files_root = incoming.path() / kBackupFilesDir;
  std::set<std::string> dirs;
  for (const auto& f : files) {
    for (stdfs::path d = stdfs::path(f.path).parent_path(); !d.empty(); d = d.parent_path()) {
      if (!dirs.insert(d.string()).second) break;
    }
  }
  for (const std::string& d : dirs) UA_RETURN_IF_ERROR(fs::MakeDirs(files_root / d, 0755));

  for (const auto& f : files) {
    manifest.files.push_back({f.path, f.size, f.mode, f.sha256});
    manifest.total_bytes += f.size;
  }

  // Then the files, on a small pool of threads: a hard link into the previous backup where the
  // content is the same, else a copy (reflink when possible) hashed as it is written. Every
  // file is verified here, once: a copy by the hash of the bytes written, a link by reading
  // it (someone may have edited the previous backup; such a file is copied from production
  // instead), unless the caller verified that backup moments ago (verified_backup). A
  // production file that changed after the caller hashed it is a mismatch.
  fs::CopyOptions copy;
  copy.fsync = !fs::SyncFilesystemIsDurable();  // else one SyncFilesystem before the manifest
  struct Outcome {
    Status status;
    bool linked = false;  // to the previous backup or to production's replaced file
    std::optional<std::string> mismatch;
  };
  std::vector<Outcome> outcomes(files.size());
  const bool previous_verified =
      previous && options.verified_backup && previous->dir == *options.verified_backup;
  std::mutex progress_mu;
  size_t done = 0;
  ParallelFor(files.size(), options.stop, [&](size_t i) {
    const BackupSourceFile& f = files[i];
    const stdfs::path dst = files_root / f.path;
    Outcome& out = outcomes[i];
    if (f.replaced && fs::HardLink(target_root / f.path, dst).ok()) {
      // Production's own inode, about to leave production: its digest is the caller's.
      out.linked = true;
    } else if (previous) {
      const ManifestFile* old = previous->manifest->Find(f.path);
      if (old && old->sha256 == f.sha256 && old->mode == f.mode && old->size == f.size &&
          fs::HardLink(previous->dir / kBackupFilesDir / f.path, dst).ok()) {
        out.linked =
            previous_verified || !CheckBackupFile(dst, "files/" + f.path, f.size, f.mode, f.sha256);
        if (!out.linked) out.status = fs::RemoveAll(dst);
      }
    }
    if (!out.linked && out.status.ok()) {
      std::string sha;
      fs::CopyOptions hashed = copy;
      hashed.sha256_out = &sha;
      out.status = fs::CopyFile(target_root / f.path, dst, f.mode, hashed);
      if (out.status.ok() && sha != f.sha256) {
        out.mismatch = "files/" + f.path + ": sha256 differs from the manifest";
      }
    }
    // Progress: one call at a time, with a growing count, and none once a stop was asked for.
    std::lock_guard<std::mutex> lock(progress_mu);
    ++done;
    if (options.progress && !options.stop.stop_requested()) {
      options.progress(done, files.size(), f.path);
    }
  });
  if (options.stop.stop_requested()) return Status(StatusCode::kCancelled, "backup cancelled");

  BackupStats stats;
  std::vector<std::string> mismatches;
  for (Outcome& out : outcomes) {
    UA_RETURN_IF_ERROR(out.status);
    ++(out.linked ? stats.linked : stats.copied);
    if (out.mismatch) mismatches.push_back(std::move(*out.mismatch));
  }

  if (old_version_file) {
    struct stat st;
    if (::stat(old_version_file->c_str(), &st) != 0) {
      return ErrnoStatus("read old VERSION '" + old_version_file->string() + "'", errno);
    }
    std::string sha;
    UA_RETURN_IF_ERROR(fs::CopyFile(
        *old_version_file, incoming.path() / kVersionFileName, st.st_mode & 07777,
        {.follow_symlinks = true, .fsync = copy.fsync, .try_reflink = true, .sha256_out = &sha}));
    manifest.version_file = ManifestVersionFile{static_cast<uint64_t>(st.st_size),
                                                static_cast<uint32_t>(st.st_mode & 07777), sha};
  }

  if (!mismatches.empty()) {
    Status s = Corrupt("backup verification failed: " + std::to_string(mismatches.size()) +
                       " file(s) changed in production while they were backed up; try again");
    for (size_t i = 0; i < mismatches.size() && i < 10; ++i) s.AddContext(mismatches[i]);
    return s;
  }

  UA_RETURN_IF_ERROR(
      WriteFileAtomically(incoming.path() / kSha256SumsFileName, Sha256SumsText(manifest), 0644));
  UA_RETURN_IF_ERROR(
      WriteFileAtomically(incoming.path() / kManifestFileName, SerializeManifest(manifest), 0644));
  // One flush for every copied file (see fs::SyncFilesystemIsDurable), then each directory
  // made above, once (no walk: this function made every one of them).
  UA_RETURN_IF_ERROR(fs::SyncFilesystem(incoming.path()));
  for (auto d = dirs.rbegin(); d != dirs.rend(); ++d) {
    UA_RETURN_IF_ERROR(fs::FsyncDir(files_root / *d));
  }
  UA_RETURN_IF_ERROR(fs::FsyncDir(files_root));
  UA_RETURN_IF_ERROR(fs::FsyncDir(incoming.path()));
  if (options.stop.stop_requested()) return Status(StatusCode::kCancelled, "backup cancelled");

  auto final_dir = backup_dir / id;
  UA_RETURN_IF_ERROR(fs::RenameNoReplace(incoming.path(), final_dir));
  incoming.Commit();
  UA_RETURN_IF_ERROR(fs::FsyncDir(backup_dir));

  if (stats_out) *stats_out = stats;
  return BackupInfoFromManifest(final_dir, std::move(manifest));
}

}  // namespace ua::engine
