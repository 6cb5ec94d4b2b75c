// TempDir: a fresh directory under $TMPDIR (or /tmp) for one test, removed with everything
// below it when the TempDir is destroyed. Plus small helpers that write files for fixtures.
//
// Owned by the test that creates it; not shared between threads. Helpers throw nothing: a
// failure to set up a fixture fails the test through Catch2's REQUIRE inside the helper.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace ua::testing {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  // path() / rel, as a convenience for fixtures.
  std::filesystem::path operator/(const std::filesystem::path& rel) const { return path_ / rel; }

 private:
  std::filesystem::path path_;
};

// Writes `content` to `file` (creating parent directories), replacing what was there, and
// sets its permission bits to `mode`.
void WriteFile(const std::filesystem::path& file, std::string_view content, mode_t mode = 0644);
// The whole content of `file`; REQUIREs that it is readable.
std::string ReadFileOrDie(const std::filesystem::path& file);
// Overwrites the bytes of `file` in place (same inode, O_TRUNC not used when sizes match).
void RewriteInPlace(const std::filesystem::path& file, std::string_view content);
// Sets mtime (and atime) of `file` to exactly `mtime_ns` nanoseconds since the epoch.
void SetMtimeNs(const std::filesystem::path& file, int64_t mtime_ns);
// lstat's mtime in nanoseconds since the epoch.
int64_t MtimeNs(const std::filesystem::path& file);

}  // namespace ua::testing
