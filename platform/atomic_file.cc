#include "platform/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <string>

#include "platform/fs_ops.h"

namespace ua {
namespace {

std::atomic<unsigned> g_counter{0};

std::filesystem::path DirOf(const std::filesystem::path& path) {
  auto dir = path.parent_path();
  return dir.empty() ? std::filesystem::path(".") : dir;
}

}  // namespace

Status WriteFileAtomically(const std::filesystem::path& path, std::string_view bytes, mode_t mode,
                           Durability durability) {
  const bool durable = durability == Durability::kDurable;
  if (!path.has_filename()) return InvalidArgument("not a file path: '" + path.string() + "'");
  auto dir = DirOf(path);
  std::filesystem::path tmp;
  int fd = -1;
  for (int attempt = 0; attempt < 100 && fd < 0; ++attempt) {
    tmp = dir / ("." + path.filename().string() + ".tmp-" + std::to_string(::getpid()) + "-" +
                 std::to_string(g_counter.fetch_add(1)));
    fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0 && errno != EEXIST) return ErrnoStatus("create '" + tmp.string() + "'", errno);
  }
  if (fd < 0) return ErrnoStatus("create temp file in '" + dir.string() + "'", EEXIST);
  auto fail = [&](Status s) {
    if (fd >= 0) ::close(fd);
    ::unlink(tmp.c_str());
    return s;
  };
  const char* p = bytes.data();
  size_t left = bytes.size();
  while (left > 0) {
    ssize_t n = ::write(fd, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail(ErrnoStatus("write '" + tmp.string() + "'", errno));
    }
    p += n;
    left -= static_cast<size_t>(n);
  }
  if (::fchmod(fd, mode & 07777) != 0) {
    return fail(ErrnoStatus("chmod '" + tmp.string() + "'", errno));
  }
  if (durable && ::fsync(fd) != 0) {
    return fail(ErrnoStatus("fsync '" + tmp.string() + "'", errno));
  }
  int rc = ::close(fd);
  fd = -1;
  if (rc != 0) return fail(ErrnoStatus("close '" + tmp.string() + "'", errno));
  Status s = fs::Rename(tmp, path);
  if (!s.ok()) return fail(s);
  return durable ? fs::FsyncDir(dir) : Status::Ok();
}

Status RemoveFileDurably(const std::filesystem::path& path) {
  if (::unlink(path.c_str()) != 0) {
    if (errno == ENOENT) return Status::Ok();
    return ErrnoStatus("remove '" + path.string() + "'", errno);
  }
  return fs::FsyncDir(DirOf(path));
}

}  // namespace ua
