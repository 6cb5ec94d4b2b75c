// What the kernel will refuse to change about a file whatever its permission bits say, even
// for root: the immutable and append-only inode flags (chattr +i / +a, read with Linux's
// FS_IOC_GETFLAGS; chflags uchg / uappnd from st_flags on macOS and the BSDs) and a read-only
// mount (statvfs's ST_RDONLY). Pre-flight checks read them
// so that a deployment is refused before it writes anything, instead of failing in the middle
// of the switch.
//
// Read-only; stateless; safe from any thread.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "base/status.h"

namespace ua::fs {

struct InodeFlags {
  bool immutable = false;    // no change at all: no write, rename over, unlink, new entry
  bool append_only = false;  // only appends; a directory keeps every entry it has
};

// The flags of `path` (not following a final symlink: a link has no flags). A filesystem or
// platform without such flags (tmpfs, say) reports none; kNotFound when the path does not
// exist. The portable build reads them too: they are not a fast path. On Linux one statx
// answers where the filesystem reports the attributes; elsewhere an open + FS_IOC_GETFLAGS.
Result<InodeFlags> ReadInodeFlags(const std::filesystem::path& path);

// A read-only mount holding some path, and the command that makes it writable again.
struct ReadOnlyMount {
  std::filesystem::path mount_point;  // from /proc/self/mountinfo; the path itself without it
  bool bind_only = false;       // the mount is read-only, its filesystem is not (a read-only bind)
  std::string remount_command;  // e.g. "mount -o remount,bind,rw '/srv/app'"
};

// The read-only mount holding `path` (which must exist), or nullopt when it is writable.
Result<std::optional<ReadOnlyMount>> FindReadOnlyMount(const std::filesystem::path& path);

}  // namespace ua::fs
