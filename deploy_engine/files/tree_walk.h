// ListManagedFiles: the managed regular files of a directory tree, with the stat facts that
// hashing, planning and backups need.
//
// Guarantees:
//  - Only paths the selector manages are reported; directories the selector says cannot hold
//    managed files are not even opened (excluded trees such as logs/ are never read).
//  - Symlinked directories are never descended into, whatever they point at.
//  - A managed symlink is resolved (realpath). If it leads to a regular file inside the root
//    whose own path is not excluded, it is reported as a FileEntry under the link's path with
//    the *target's* stat facts: a deployment copies the content, not the link. If it leads
//    outside the root, or to an excluded file (a link to .env would leak it), it goes to
//    escaping_symlinks and its target is never read. Dangling or looping managed links go to
//    unreadable. Links to anything but a regular file are ignored.
//  - Managed FIFOs, sockets and devices go to special_files and are never opened.
//  - A missing root gives root_exists=false (not an error); a root that is not a directory is
//    kFailedPrecondition. Unreadable subdirectories and files are listed, not fatal.
//
// Stateless; safe from any thread. Not atomic: concurrent writers may change the tree while
// it is listed (later hashing detects content that changed).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "deploy_engine/files/file_selector.h"

namespace ua::engine {

struct FileEntry {
  std::string path;  // relative to the root, '/' separated
  uint64_t size = 0;
  int64_t mtime_ns = 0, ctime_ns = 0;
  uint64_t inode = 0, device = 0;
  uint32_t mode = 0;  // permission bits incl. setuid/setgid/sticky, no file type bits
};

// Whether two entries describe the same file in the same state (every fact the walk records:
// size, times, inode, device, mode). Equal facts mean equal content, as the hash cache trusts.
bool SameFacts(const FileEntry& a, const FileEntry& b);

struct TreeListing {
  bool root_exists = false;
  std::vector<FileEntry> files;                // sorted by path (byte order)
  std::vector<std::string> escaping_symlinks;  // managed links leaving the root (see above)
  std::vector<std::string> unreadable;         // managed paths or directories ("dir/") not read
  std::vector<std::string> special_files;      // managed paths that are not regular files
};

// The facts of root/rel as the walk would record them (a symlink is followed), without a walk:
// nullopt when it is missing or not a regular file.
std::optional<FileEntry> StatFile(const std::filesystem::path& root, const std::string& rel);

Result<TreeListing> ListManagedFiles(const std::filesystem::path& root,
                                     const FileSelector& selector);

}  // namespace ua::engine
