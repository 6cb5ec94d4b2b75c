#include "tests/support/temp_dir.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <system_error>

#include <catch2/catch.hpp>

#include "platform/stat_time.h"

namespace ua::testing {

TempDir::TempDir() {
  const char* base = std::getenv("TMPDIR");
  std::string tmpl = std::string(base && *base ? base : "/tmp") + "/ua-deploy-test-XXXXXX";
  char* made = mkdtemp(tmpl.data());
  REQUIRE(made != nullptr);
  // Canonical, so tests comparing against realpath() results see the same spelling.
  path_ = std::filesystem::canonical(made);
}

TempDir::~TempDir() {
  std::error_code ec;
  // Directories a test made unreadable must be restored before they can be removed.
  for (auto it = std::filesystem::recursive_directory_iterator(
           path_, std::filesystem::directory_options::skip_permission_denied, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_directory(ec) && !it->is_symlink(ec)) ::chmod(it->path().c_str(), 0755);
  }
  ::chmod(path_.c_str(), 0755);
  std::filesystem::remove_all(path_, ec);
}

void WriteFile(const std::filesystem::path& file, std::string_view content, mode_t mode) {
  std::error_code ec;
  std::filesystem::create_directories(file.parent_path(), ec);
  REQUIRE(!ec);
  {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    REQUIRE(out.good());
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    REQUIRE(out.good());
  }
  REQUIRE(::chmod(file.c_str(), mode) == 0);
}

std::string ReadFileOrDie(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  REQUIRE(in.good());
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void RewriteInPlace(const std::filesystem::path& file, std::string_view content) {
  int fd = ::open(file.c_str(), O_WRONLY | O_CLOEXEC);
  REQUIRE(fd >= 0);
  REQUIRE(::pwrite(fd, content.data(), content.size(), 0) == static_cast<ssize_t>(content.size()));
  REQUIRE(::ftruncate(fd, static_cast<off_t>(content.size())) == 0);
  REQUIRE(::close(fd) == 0);
}

void SetMtimeNs(const std::filesystem::path& file, int64_t mtime_ns) {
  timespec times[2];
  times[0].tv_sec = times[1].tv_sec = mtime_ns / 1'000'000'000;
  times[0].tv_nsec = times[1].tv_nsec = mtime_ns % 1'000'000'000;
  REQUIRE(::utimensat(AT_FDCWD, file.c_str(), times, AT_SYMLINK_NOFOLLOW) == 0);
}

int64_t MtimeNs(const std::filesystem::path& file) {
  struct stat st {};
  REQUIRE(::lstat(file.c_str(), &st) == 0);
  return StatMtimeNs(st);
}

}  // namespace ua::testing
