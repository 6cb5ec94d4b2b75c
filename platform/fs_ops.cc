#include "platform/fs_ops.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <system_error>
#include <vector>

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

Status ReadWriteLoop(int in_fd, int out_fd, const stdfs::path& from, const stdfs::path& to) {
  std::vector<char> buf(1 << 17);
  for (;;) {
    ssize_t n = ::read(in_fd, buf.data(), buf.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return Errno("read", from, errno);
    }
    if (n == 0) return Status::Ok();
    const char* p = buf.data();
    while (n > 0) {
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

Status CopyFileContents(int in_fd, int out_fd, const stdfs::path& from, const stdfs::path& to) {
#ifdef UA_FS_LINUX
  bool copied_any = false;
  for (;;) {
    ssize_t n = ::copy_file_range(in_fd, nullptr, out_fd, nullptr, size_t{1} << 30, 0);
    if (n > 0) {
      copied_any = true;
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
#endif
  return ReadWriteLoop(in_fd, out_fd, from, to);
}

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
  if (options.try_reflink && ::ioctl(out, FICLONE, in) == 0) cloned = true;
#else
  (void)options.try_reflink;
#endif
  if (!cloned) {
    Status s = CopyFileContents(in, out, from, to);
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
  stdfs::path current;
  for (const auto& part : dir.lexically_normal()) {
    current /= part;
    if (part.empty() || part == "/") continue;
    if (::mkdir(current.c_str(), mode & 07777) == 0) {
      // mkdir applies the umask; the caller asked for these exact bits.
      if (::chmod(current.c_str(), mode & 07777) != 0) return Errno("chmod", current, errno);
      continue;
    }
    int err = errno;
    struct stat st;
    if (err == EEXIST && ::stat(current.c_str(), &st) == 0) {
      if (S_ISDIR(st.st_mode)) continue;
      return Errno("mkdir", current, ENOTDIR);
    }
    return Errno("mkdir", current, err);
  }
  return Status::Ok();
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
