#include "platform/atomic_file.h"

#include <sys/stat.h>

#include <catch2/catch.hpp>

#include "tests/support/temp_dir.h"

namespace ua {
namespace {

using ua::testing::ReadFileOrDie;
using ua::testing::TempDir;
using ua::testing::WriteFile;

size_t EntryCount(const std::filesystem::path& dir) {
  size_t n = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir)) ++n;
  return n;
}

TEST_CASE("WriteFileAtomically replaces content and leaves no temp files",
          "[engine][atomic_file]") {
  TempDir dir;
  WriteFile(dir / "VERSION", "old");
  struct stat before;
  REQUIRE(::stat((dir / "VERSION").c_str(), &before) == 0);

  REQUIRE(WriteFileAtomically(dir / "VERSION", "new content", 0640).ok());
  CHECK(ReadFileOrDie(dir / "VERSION") == "new content");
  struct stat after;
  REQUIRE(::stat((dir / "VERSION").c_str(), &after) == 0);
  CHECK((after.st_mode & 07777) == 0640);
  CHECK(after.st_ino != before.st_ino);  // replaced by rename, not rewritten in place
  CHECK(EntryCount(dir.path()) == 1);

  REQUIRE(WriteFileAtomically(dir / "fresh.json", "", 0600).ok());
  CHECK(ReadFileOrDie(dir / "fresh.json").empty());
  CHECK(EntryCount(dir.path()) == 2);
}

TEST_CASE("A failed atomic write leaves the old file and no temp file", "[engine][atomic_file]") {
  TempDir dir;
  Status s = WriteFileAtomically(dir / "no/such/dir/file", "x");
  CHECK(s.code() == StatusCode::kNotFound);
  CHECK(EntryCount(dir.path()) == 0);

  // The target is a non-empty directory: rename fails after the temp file was written.
  WriteFile(dir / "target/inside", "keep");
  s = WriteFileAtomically(dir / "target", "x");
  CHECK_FALSE(s.ok());
  CHECK(ReadFileOrDie(dir / "target/inside") == "keep");
  CHECK(EntryCount(dir.path()) == 1);
}

TEST_CASE("RemoveFileDurably removes and tolerates a missing file", "[engine][atomic_file]") {
  TempDir dir;
  WriteFile(dir / "journal.json", "{}");
  REQUIRE(RemoveFileDurably(dir / "journal.json").ok());
  CHECK_FALSE(std::filesystem::exists(dir / "journal.json"));
  CHECK(RemoveFileDurably(dir / "journal.json").ok());
}

}  // namespace
}  // namespace ua
