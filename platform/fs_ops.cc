#include "platform/fs_ops.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <mutex>
#include <set>
#include <system_error>
#include <vector>

#include "platform/sha256.h"

#if defined(__linux__) && !defined(UA_DEPLOY_PORTABLE_FS)
#define UA_FS_LINUX 1
#include <linux/fs.h>
#include <sys/ioctl.h>
#endif

namespace ua::fs {
namespace {

namespace stdfs = std::filesystem;

std::string Quote(const stdfs::path& p) { return "'" + p.string() + "'"; }

Status Errno(const std::string& op, const stdfs::path& p, int err) {
  return ErrnoStatus(op + " " + Quote(p), err);
}

Status Errno2(const std::string& op, const stdfs::path& a, const stdfs::path& b, int err) {
  return ErrnoStatus(op + " " + Quote(a) + " -> " + Quote(b), err);
}

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  // Closes explicitly so a failing close() (NFS, quota) is reported.
  int Close() {
    int rc = ::close(fd_);
    fd_ = -1;
    return rc;
  }

 private:
  int fd_;
};

// Copies until end of file, or until `limit` bytes when limit >= 0 (then no read is spent on
// learning that the file ended). Hashes what it writes when `sha` is set; out_fd < 0 only
// reads and hashes.
Status ReadWriteLoop(int in_fd, int out_fd, const stdfs::path& from, const stdfs::path& to,
                     off_t limit = -1, Sha256Stream* sha = nullptr) {
  thread_local std::vector<char> buf(1 << 18);
  off_t copied = 0;
  for (;;) {
    if (limit >= 0 && copied >= limit) return Status::Ok();
    size_t want = buf.size();
    if (limit >= 0) want = std::min(want, static_cast<size_t>(limit - copied));
    ssize_t n = ::read(in_fd, buf.data(), want);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Errno("read", from, errno);
    }
    if (n == 0) return Status::Ok();
    copied += n;
    if (sha && !sha->Update(buf.data(), static_cast<size_t>(n))) {
      return Internal("SHA-256 of " + to.string() + " failed");
    }
    const char* p = buf.data();
    while (out_fd >= 0 && n > 0) {
      ssize_t w = ::write(out_fd, p, static_cast<size_t>(n));
      if (w < 0) {
        if (errno == EINTR) continue;
        return Errno("write", to, errno);
      }
      p += w;
      n -= w;
    }
  }
}

Status FsyncPath(const stdfs::path& path, int flags, const char* what) {
  int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) return Errno(std::string("open for ") + what, path, errno);
  Fd guard(fd);
  if (::fsync(fd) != 0) return Errno(what, path, errno);
  return Status::Ok();
}

}  // namespace

const char* FsImplementation() {
#ifdef UA_FS_LINUX
  return "linux";
#else
  return "portable";
#endif
}

Status CopyFileContents(int in_fd, int out_fd, const stdfs::path& from, const stdfs::path& to,
                        off_t size_hint) {
#ifdef UA_FS_LINUX
  bool copied_any = false;
  off_t copied = 0;
  for (;;) {
    // Known size: stop when it is copied, without a last call that only returns 0.
    if (size_hint >= 0 && copied >= size_hint) return Status::Ok();
    ssize_t n = ::copy_file_range(in_fd, nullptr, out_fd, nullptr, size_t{1} << 30, 0);
    if (n > 0) {
      copied_any = true;
      copied += n;
      continue;
    }
    if (n == 0) return Status::Ok();
    if (errno == EINTR) continue;
    // Not supported between these files: the portable loop continues from the same offsets.
    if (errno == EXDEV || errno == EINVAL || errno == ENOSYS || errno == EOPNOTSUPP ||
        (errno == EBADF && !copied_any)) {
      break;
    }
    return Errno2("copy_file_range", from, to, errno);
  }
#else
  (void)size_hint;
#endif
  return ReadWriteLoop(in_fd, out_fd, from, to);
}

#ifdef UA_FS_LINUX
namespace {

// Devices whose filesystem refused FICLONE once in this process (ext4, tmpfs, ...): their
// later copies go straight to copy_file_range instead of failing one ioctl per file.
class NoReflinkDevices {
 public:
  bool Contains(dev_t dev) {
    std::lock_guard<std::mutex> lock(mu_);
    return devices_.count(dev) > 0;
  }
  void Add(dev_t dev) {
    std::lock_guard<std::mutex> lock(mu_);
    devices_.insert(dev);
  }

 private:
  std::mutex mu_;
  std::set<dev_t> devices_;
};

NoReflinkDevices& NoReflink() {
  static NoReflinkDevices devices;
  return devices;
}

// FICLONE from `in` (on device `dev`) into `out`; false when the filesystem cannot clone.
bool TryReflink(int in, int out, dev_t dev) {
  if (NoReflink().Contains(dev)) return false;
  if (::ioctl(out, FICLONE, in) == 0) return true;
  // EXDEV says only that this pair of files is on two filesystems: ask again next time.
  if (errno != EXDEV) NoReflink().Add(dev);
  return false;
}

}  // namespace
#endif

Status CopyFile(const stdfs::path& from, const stdfs::path& to, mode_t mode,
                const CopyOptions& options) {
  int in_flags = O_RDONLY | O_CLOEXEC | (options.follow_symlinks ? 0 : O_NOFOLLOW);
  int in = ::open(from.c_str(), in_flags);
  if (in < 0) {
    if (errno == ELOOP && !options.follow_symlinks) {
      return FailedPrecondition("refusing to copy symlink " + Quote(from) +
                                ": only regular files are copied");
    }
    return Errno("open", from, errno);
  }
  Fd in_fd(in);
  struct stat st;
  if (::fstat(in, &st) != 0) return Errno("stat", from, errno);
  if (!S_ISREG(st.st_mode)) {
    return FailedPrecondition("refusing to copy " + Quote(from) + ": not a regular file");
  }
  int out = ::open(to.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (out < 0) return Errno("create", to, errno);
  Fd out_fd(out);
  auto fail = [&](Status s) {
    ::unlink(to.c_str());
    return s;
  };
  bool cloned = false;
#ifdef UA_FS_LINUX
  if (options.try_reflink && TryReflink(in, out, st.st_dev)) cloned = true;
#else
  (void)options.try_reflink;
#endif
  if (options.sha256_out) {
    // Hashed on the way: a clone shares the source's blocks, so the source is read once; a
    // copy goes through one buffer that is hashed as it is written.
    Sha256Stream sha;
    Status s = cloned ? ReadWriteLoop(in, -1, from, to, st.st_size, &sha)
                      : ReadWriteLoop(in, out, from, to, st.st_size, &sha);
    if (!s.ok()) return fail(s);
    auto hex = sha.Finish();
    if (!hex.ok()) return fail(hex.status());
    *options.sha256_out = std::move(hex).value();
  } else if (!cloned) {
    Status s = CopyFileContents(in, out, from, to, st.st_size);
    if (!s.ok()) return fail(s);
  }
  if (::fchmod(out, mode & 07777) != 0) return fail(Errno("chmod", to, errno));
  if (options.fsync && ::fsync(out) != 0) return fail(Errno("fsync", to, errno));
  if (out_fd.Close() != 0) return fail(Errno("close", to, errno));
  return Status::Ok();
}

Status FsyncFile(const stdfs::path& path) { return FsyncPath(path, O_RDONLY, "fsync"); }

Status FsyncDir(const stdfs::path& dir) {
  return FsyncPath(dir, O_RDONLY | O_DIRECTORY, "fsync directory");
}

bool SyncFilesystemIsDurable() {
#ifdef UA_FS_LINUX
  return true;
#else
  return false;
#endif
}

Status SyncFilesystem(const stdfs::path& path) {
#ifdef UA_FS_LINUX
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Errno("open for syncfs", path, errno);
  Fd guard(fd);
  if (::syncfs(fd) != 0) return Errno("syncfs", path, errno);
#else
  (void)path;
  ::sync();
#endif
  return Status::Ok();
}

Status Rename(const stdfs::path& from, const stdfs::path& to) {
  if (::rename(from.c_str(), to.c_str()) != 0) return Errno2("rename", from, to, errno);
  return Status::Ok();
}

Status RenameNoReplace(const stdfs::path& from, const stdfs::path& to) {
#ifdef UA_FS_LINUX
  if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) {
    return Status::Ok();
  }
  if (errno != EINVAL && errno != ENOSYS && errno != EOPNOTSUPP) {
    return Errno2("rename", from, to, errno);
  }
#endif
  struct stat st;
  if (::lstat(from.c_str(), &st) != 0) return Errno("stat", from, errno);
  if (!S_ISDIR(st.st_mode)) {
    if (::link(from.c_str(), to.c_str()) == 0) {
      if (::unlink(from.c_str()) != 0) return Errno("unlink", from, errno);
      return Status::Ok();
    }
    if (errno == EEXIST) return Errno2("rename", from, to, EEXIST);
    // Filesystems without hard links: fall through to check-then-rename.
  }
  if (::lstat(to.c_str(), &st) == 0) return Errno2("rename", from, to, EEXIST);
  if (errno != ENOENT) return Errno("stat", to, errno);
  return Rename(from, to);
}

Status HardLink(const stdfs::path& existing, const stdfs::path& new_path) {
  if (::link(existing.c_str(), new_path.c_str()) != 0) {
    return Errno2("link", existing, new_path, errno);
  }
  return Status::Ok();
}

Result<uint64_t> FreeBytes(const stdfs::path& path) {
  struct statvfs vfs;
  if (::statvfs(path.c_str(), &vfs) != 0) return Errno("statvfs", path, errno);
  return static_cast<uint64_t>(vfs.f_bavail) * static_cast<uint64_t>(vfs.f_frsize);
}

Status MakeDirs(const stdfs::path& dir, mode_t mode) {
  if (dir.empty()) return InvalidArgument("MakeDirs: empty path");
  stdfs::path normal = dir.lexically_normal();
  if (!normal.has_filename() && normal.has_parent_path() && normal != normal.root_path()) {
    normal = normal.parent_path();  // "a/b/" -> "a/b"
  }
  // The directory itself first: when it exists (the usual case) that is one failing mkdir and
  // one stat, with no walk down from "/". Parents are made only when mkdir says ENOENT.
  for (int attempt = 0;; ++attempt) {
    if (::mkdir(normal.c_str(), mode & 07777) == 0) {
      // mkdir applies the umask; the caller asked for these exact bits.
      if (::chmod(normal.c_str(), mode & 07777) != 0) return Errno("chmod", normal, errno);
      return Status::Ok();
    }
    const int err = errno;
    if (err == EEXIST) {
      struct stat st;
      if (::stat(normal.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) return Status::Ok();
      return Errno("mkdir", normal, ENOTDIR);
    }
    const stdfs::path parent = normal.parent_path();
    if (err != ENOENT || attempt > 0 || parent.empty() || parent == normal) {
      return Errno("mkdir", normal, err);
    }
    UA_RETURN_IF_ERROR(MakeDirs(parent, mode));
  }
}

Status RemoveAll(const stdfs::path& path) {
  std::error_code ec;
  stdfs::remove_all(path, ec);
  if (ec) return Errno("remove", path, ec.value());
  return Status::Ok();
}

Result<std::string> ReadFile(const stdfs::path& path, bool follow_symlinks, size_t max_bytes) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | (follow_symlinks ? 0 : O_NOFOLLOW));
  if (fd < 0) return Errno("open", path, errno);
  Fd guard(fd);
  std::string out;
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Errno("read", path, errno);
    }
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
    if (out.size() > max_bytes) {
      return Status(StatusCode::kResourceExhausted,
                    path.string() + " is larger than " + std::to_string(max_bytes) + " bytes");
    }
  }
  return out;
}

}  // namespace ua::fs
