#include "platform/file_flags.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

#include "base/shell_quote.h"

// The flags are a kernel feature, not a fast path: the portable build reads them too.
#if defined(__linux__)
#include <linux/fs.h>
#include <sys/ioctl.h>
#endif

namespace ua::fs {
namespace {

Status PathError(const char* op, const std::filesystem::path& path, int err) {
  return Status(err == ENOENT ? StatusCode::kNotFound : StatusCode::kIoError,
                std::string(op) + " " + path.string() + ": " + std::strerror(err));
}

// mountinfo writes space, tab, newline and backslash in paths as octal escapes (\040 ...).
std::string UnescapeMountPath(const std::string& field) {
  std::string out;
  for (size_t i = 0; i < field.size(); ++i) {
    if (field[i] == '\\' && i + 3 < field.size()) {
      const std::string digits = field.substr(i + 1, 3);
      if (digits.size() == 3 && digits.find_first_not_of("01234567") == std::string::npos) {
        out += static_cast<char>(std::stoi(digits, nullptr, 8));
        i += 3;
        continue;
      }
    }
    out += field[i];
  }
  return out;
}

}  // namespace

Result<InodeFlags> ReadInodeFlags(const std::filesystem::path& path) {
  InodeFlags flags;
#if defined(__linux__) && defined(STATX_ATTR_IMMUTABLE) && defined(STATX_ATTR_APPEND)
  // One statx answers when the filesystem reports these attributes (ext4, XFS, btrfs do):
  // no open and no ioctl per file.
  struct statx sx {};
  if (::statx(AT_FDCWD, path.c_str(), AT_SYMLINK_NOFOLLOW, STATX_TYPE, &sx) == 0) {
    if (!S_ISREG(sx.stx_mode) && !S_ISDIR(sx.stx_mode)) return flags;
    const uint64_t wanted = STATX_ATTR_IMMUTABLE | STATX_ATTR_APPEND;
    if ((sx.stx_attributes_mask & wanted) == wanted) {
      flags.immutable = (sx.stx_attributes & STATX_ATTR_IMMUTABLE) != 0;
      flags.append_only = (sx.stx_attributes & STATX_ATTR_APPEND) != 0;
      return flags;
    }
  } else if (errno != ENOSYS) {
    return PathError("statx", path, errno);
  }
#endif
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) return PathError("lstat", path, errno);
#if defined(__linux__)
  if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) return flags;
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) {
    // Unreadable to this user: its flags cannot be known, and the switch's own error will
    // name it; every other check still runs.
    if (errno == EACCES) return flags;
    return PathError("open", path, errno);
  }
  int bits = 0;
  const int rc = ::ioctl(fd, FS_IOC_GETFLAGS, &bits);
  const int err = errno;
  ::close(fd);
  if (rc != 0) {
    if (err == ENOTTY || err == EOPNOTSUPP || err == EINVAL) return flags;  // no such flags here
    return PathError("FS_IOC_GETFLAGS", path, err);
  }
  flags.immutable = (bits & FS_IMMUTABLE_FL) != 0;
  flags.append_only = (bits & FS_APPEND_FL) != 0;
#elif defined(UF_IMMUTABLE)  // macOS and the BSDs: chflags uchg / schg, uappnd / sappnd
  flags.immutable = (st.st_flags & (UF_IMMUTABLE | SF_IMMUTABLE)) != 0;
  flags.append_only = (st.st_flags & (UF_APPEND | SF_APPEND)) != 0;
#endif
  return flags;
}

Result<std::optional<ReadOnlyMount>> FindReadOnlyMount(const std::filesystem::path& path) {
  struct statvfs vfs {};
  if (::statvfs(path.c_str(), &vfs) != 0) return PathError("statvfs", path, errno);
  if ((vfs.f_flag & ST_RDONLY) == 0) return std::optional<ReadOnlyMount>();
  ReadOnlyMount found;
  found.mount_point = path;
  // mountinfo: "id parent major:minor root mount_point mount_options ... - type source
  // super_options"; the longest mount point that contains the path is the one that holds it.
  std::error_code ec;
  const std::string canonical = std::filesystem::canonical(path, ec).string();
  std::ifstream table("/proc/self/mountinfo");
  size_t best = 0;
  for (std::string line; std::getline(table, line);) {
    std::istringstream in(line);
    std::string id, parent, device, root, mount_point, options;
    in >> id >> parent >> device >> root >> mount_point >> options;
    mount_point = UnescapeMountPath(mount_point);
    const bool contains =
        canonical == mount_point || (canonical.rfind(mount_point, 0) == 0 &&
                                     (mount_point == "/" || canonical[mount_point.size()] == '/'));
    if (!contains || mount_point.size() < best) continue;
    std::string word, super_options;
    while (in >> word && word != "-") {
    }
    in >> word >> word >> super_options;  // type, source, super options
    best = mount_point.size();
    found.mount_point = mount_point;
    found.bind_only = super_options.rfind("rw", 0) == 0;
  }
  found.remount_command = std::string("mount -o remount,") + (found.bind_only ? "bind," : "") +
                          "rw " + ShellQuote(found.mount_point.string());
  return std::optional<ReadOnlyMount>(std::move(found));
}

}  // namespace ua::fs
