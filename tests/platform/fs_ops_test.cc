#include "platform/fs_ops.h"

#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "platform/sha256.h"
#include "tests/support/temp_dir.h"

namespace ua::fs {
namespace {

using ua::testing::ReadFileOrDie;
using ua::testing::TempDir;
using ua::testing::WriteFile;

mode_t ModeOf(const std::filesystem::path& p) {
  struct stat st;
  REQUIRE(::lstat(p.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

TEST_CASE("CopyFile copies bytes and sets the exact mode", "[engine][fs]") {
  INFO(FsImplementation());
  TempDir dir;
  std::string big(300000, 'x');
  big[12345] = 'y';
  WriteFile(dir / "src", big, 0600);
  REQUIRE(CopyFile(dir / "src", dir / "dst", 0751).ok());
  CHECK(ReadFileOrDie(dir / "dst") == big);
  CHECK(ModeOf(dir / "dst") == 0751);

  Status again = CopyFile(dir / "src", dir / "dst", 0644);
  CHECK(again.code() == StatusCode::kAlreadyExists);
  CHECK(ReadFileOrDie(dir / "dst") == big);
}

TEST_CASE("CopyFile refuses symlinks and names the path of a missing source", "[engine][fs]") {
  TempDir dir;
  WriteFile(dir / "real", "data");
  std::filesystem::create_symlink(dir / "real", dir / "link");
  CHECK(CopyFile(dir / "link", dir / "out", 0644).code() == StatusCode::kFailedPrecondition);
  CHECK_FALSE(std::filesystem::exists(dir / "out"));
  CopyOptions follow;
  follow.follow_symlinks = true;
  CHECK(CopyFile(dir / "link", dir / "out", 0644, follow).ok());

  Status missing = CopyFile(dir / "nope", dir / "out2", 0644);
  CHECK(missing.code() == StatusCode::kNotFound);
  CHECK(missing.message().find((dir / "nope").string()) != std::string::npos);
  CHECK(missing.message().find("No such file") != std::string::npos);
}

TEST_CASE("RenameNoReplace refuses an existing target file or directory", "[engine][fs]") {
  TempDir dir;
  WriteFile(dir / "a", "A");
  WriteFile(dir / "b", "B");
  CHECK(RenameNoReplace(dir / "a", dir / "b").code() == StatusCode::kAlreadyExists);
  CHECK(ReadFileOrDie(dir / "b") == "B");
  CHECK(ReadFileOrDie(dir / "a") == "A");
  REQUIRE(RenameNoReplace(dir / "a", dir / "c").ok());
  CHECK_FALSE(std::filesystem::exists(dir / "a"));
  CHECK(ReadFileOrDie(dir / "c") == "A");

  REQUIRE(MakeDirs(dir / "d1", 0755).ok());
  REQUIRE(MakeDirs(dir / "d2", 0755).ok());
  CHECK(RenameNoReplace(dir / "d1", dir / "d2").code() == StatusCode::kAlreadyExists);
  REQUIRE(RenameNoReplace(dir / "d1", dir / "d3").ok());
  CHECK(std::filesystem::is_directory(dir / "d3"));

  REQUIRE(Rename(dir / "c", dir / "b").ok());
  CHECK(ReadFileOrDie(dir / "b") == "A");
}

TEST_CASE("MakeDirs creates every level with the requested mode", "[engine][fs]") {
  TempDir dir;
  REQUIRE(MakeDirs(dir / "x/y/z", 0700).ok());
  CHECK(ModeOf(dir / "x") == 0700);
  CHECK(ModeOf(dir / "x/y/z") == 0700);
  CHECK(MakeDirs(dir / "x/y", 0755).ok());
  CHECK(ModeOf(dir / "x/y") == 0700);
  WriteFile(dir / "file", "f");
  CHECK_FALSE(MakeDirs(dir / "file/sub", 0755).ok());
}

TEST_CASE("MakeDirs of an existing directory, with a trailing slash, changes nothing",
          "[engine][fs]") {
  TempDir dir;
  REQUIRE(MakeDirs(dir / "a/b/", 0700).ok());
  CHECK(ModeOf(dir / "a/b") == 0700);
  REQUIRE(::chmod((dir / "a/b").c_str(), 0750) == 0);
  CHECK(MakeDirs(dir / "a/b", 0700).ok());
  CHECK(ModeOf(dir / "a/b") == 0750);
  WriteFile(dir / "a/f", "f");
  Status in_the_way = MakeDirs(dir / "a/f", 0755);
  CHECK_FALSE(in_the_way.ok());
  CHECK_THAT(in_the_way.message(), Catch::Contains("a/f"));
}

TEST_CASE("CopyFile hashes the bytes it writes when asked", "[engine][fs]") {
  TempDir dir;
  std::string content(300'000, 'x');  // more than one buffer
  content += "end";
  WriteFile(dir / "from", content);
  std::string sha;
  REQUIRE(CopyFile(dir / "from", dir / "to", 0640, {.sha256_out = &sha}).ok());
  CHECK(ReadFileOrDie(dir / "to") == content);
  CHECK(ModeOf(dir / "to") == 0640);
  CHECK(sha == Sha256Hex(content));
  std::string empty_sha;
  WriteFile(dir / "empty", "");
  REQUIRE(CopyFile(dir / "empty", dir / "empty2", 0600, {.sha256_out = &empty_sha}).ok());
  CHECK(empty_sha == Sha256Hex(""));
}

TEST_CASE("HardLink and fsyncs and FreeBytes and RemoveAll and ReadFile work on real files",
          "[engine][fs]") {
  TempDir dir;
  WriteFile(dir / "f", "content");
  REQUIRE(HardLink(dir / "f", dir / "g").ok());
  struct stat a, b;
  REQUIRE(::stat((dir / "f").c_str(), &a) == 0);
  REQUIRE(::stat((dir / "g").c_str(), &b) == 0);
  CHECK(a.st_ino == b.st_ino);
  CHECK(a.st_nlink == 2);
  CHECK(HardLink(dir / "f", dir / "g").code() == StatusCode::kAlreadyExists);

  CHECK(FsyncFile(dir / "f").ok());
  CHECK(FsyncDir(dir.path()).ok());
  CHECK(SyncFilesystem(dir.path()).ok());
  CHECK(FsyncFile(dir / "missing").code() == StatusCode::kNotFound);

  auto free_bytes = FreeBytes(dir.path());
  REQUIRE(free_bytes.ok());
  CHECK(*free_bytes > 0);
  CHECK_FALSE(FreeBytes(dir / "missing").ok());

  auto text = ReadFile(dir / "g");
  REQUIRE(text.ok());
  CHECK(*text == "content");

  WriteFile(dir / "tree/a/b", "x");
  REQUIRE(RemoveAll(dir / "tree").ok());
  CHECK_FALSE(std::filesystem::exists(dir / "tree"));
  CHECK(RemoveAll(dir / "tree").ok());
}

}  // namespace
}  // namespace ua::fs
