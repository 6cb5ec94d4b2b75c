#include "deploy_engine/files/tree_walk.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdlib>

#include "platform/stat_time.h"

namespace ua::engine {
namespace {

FileEntry MakeEntry(std::string rel, const struct stat& st) {
  FileEntry e;
  e.path = std::move(rel);
  e.size = static_cast<uint64_t>(st.st_size);
  e.mtime_ns = StatMtimeNs(st);
  e.ctime_ns = StatCtimeNs(st);
  e.inode = static_cast<uint64_t>(st.st_ino);
  e.device = static_cast<uint64_t>(st.st_dev);
  e.mode = static_cast<uint32_t>(st.st_mode & 07777);
  return e;
}

std::optional<std::string> RealPath(const std::string& path) {
  char buf[PATH_MAX];
  if (!::realpath(path.c_str(), buf)) return std::nullopt;
  return std::string(buf);
}

class Walker {
 public:
  Walker(const FileSelector& selector, std::string root_real, TreeListing& out)
      : selector_(selector), root_real_(std::move(root_real)), out_(out) {}

  // Takes ownership of dir_fd.
  void WalkDir(int dir_fd, const std::string& rel_dir) {
    DIR* dir = ::fdopendir(dir_fd);
    if (!dir) {
      ::close(dir_fd);
      out_.unreadable.push_back(rel_dir + "/");
      return;
    }
    for (;;) {
      errno = 0;
      dirent* d = ::readdir(dir);
      if (!d) {
        if (errno != 0) out_.unreadable.push_back(rel_dir.empty() ? "/" : rel_dir + "/");
        break;
      }
      std::string name = d->d_name;
      if (name == "." || name == "..") continue;
      std::string rel = rel_dir.empty() ? name : rel_dir + "/" + name;
      Visit(::dirfd(dir), name, rel);
    }
    ::closedir(dir);
  }

 private:
  void Visit(int dir_fd, const std::string& name, const std::string& rel) {
    struct stat st {};
    if (::fstatat(dir_fd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
      if (selector_.IsManaged(rel)) out_.unreadable.push_back(rel);
      return;
    }
    if (S_ISDIR(st.st_mode)) {
      if (!selector_.MayContainManaged(rel)) return;
      int fd = ::openat(dir_fd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (fd < 0) {
        out_.unreadable.push_back(rel + "/");
        return;
      }
      WalkDir(fd, rel);
      return;
    }
    if (!selector_.IsManaged(rel)) return;
    if (S_ISREG(st.st_mode)) {
      out_.files.push_back(MakeEntry(rel, st));
    } else if (S_ISLNK(st.st_mode)) {
      VisitLink(rel);
    } else {
      out_.special_files.push_back(rel);
    }
  }

  void VisitLink(const std::string& rel) {
    std::optional<std::string> resolved = RealPath(root_real_ + "/" + rel);
    if (!resolved) {
      out_.unreadable.push_back(rel);
      return;
    }
    const std::string prefix = root_real_ == "/" ? "/" : root_real_ + "/";
    if (resolved->compare(0, prefix.size(), prefix) != 0 ||
        selector_.IsExcluded(resolved->substr(prefix.size()))) {
      out_.escaping_symlinks.push_back(rel);
      return;
    }
    struct stat st {};
    if (::stat(resolved->c_str(), &st) != 0) {
      out_.unreadable.push_back(rel);
      return;
    }
    if (S_ISREG(st.st_mode)) out_.files.push_back(MakeEntry(rel, st));
  }

  const FileSelector& selector_;
  std::string root_real_;
  TreeListing& out_;
};

}  // namespace

bool SameFacts(const FileEntry& a, const FileEntry& b) {
  return a.size == b.size && a.mtime_ns == b.mtime_ns && a.ctime_ns == b.ctime_ns &&
         a.inode == b.inode && a.device == b.device && a.mode == b.mode;
}

std::optional<FileEntry> StatFile(const std::filesystem::path& root, const std::string& rel) {
  struct stat st {};
  if (::stat((root / rel).c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  return MakeEntry(rel, st);
}

Result<TreeListing> ListManagedFiles(const std::filesystem::path& root,
                                     const FileSelector& selector) {
  TreeListing out;
  std::optional<std::string> root_real = RealPath(root.string());
  if (!root_real) {
    int err = errno;
    if (err == ENOENT) return out;
    return ErrnoStatus("resolve " + root.string(), err);
  }
  int fd = ::open(root_real->c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    int err = errno;
    if (err == ENOTDIR) return FailedPrecondition("not a directory: " + root.string());
    return ErrnoStatus("open directory " + root.string(), err);
  }
  out.root_exists = true;
  Walker(selector, *root_real, out).WalkDir(fd, "");
  std::sort(out.files.begin(), out.files.end(),
            [](const FileEntry& a, const FileEntry& b) { return a.path < b.path; });
  std::sort(out.escaping_symlinks.begin(), out.escaping_symlinks.end());
  std::sort(out.unreadable.begin(), out.unreadable.end());
  std::sort(out.special_files.begin(), out.special_files.end());
  return out;
}

}  // namespace ua::engine
