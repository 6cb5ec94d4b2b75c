#include "deploy_engine/files/tree_walk.h"

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>

#include <catch2/catch.hpp>

#include "tests/support/temp_dir.h"

namespace ua::engine {
namespace {

std::vector<std::string> Paths(const TreeListing& l) {
  std::vector<std::string> out;
  for (const FileEntry& f : l.files) out.push_back(f.path);
  return out;
}

TEST_CASE("lists managed files in nested directories sorted by path", "[tree_walk]") {
  testing::TempDir dir;
  testing::WriteFile(dir / "server.py", "print(1)\n", 0755);
  testing::WriteFile(dir / "workflow/b.py", "b");
  testing::WriteFile(dir / "workflow/a.py", "a");
  testing::WriteFile(dir / "workflow/deep/c.py", "c");
  testing::WriteFile(dir / "notes.txt", "n");
  testing::WriteFile(dir / ".env", "SECRET=1");
  FileSelector sel({"server.py", "workflow/**/*.py", ".env"}, {".env"});

  Result<TreeListing> l = ListManagedFiles(dir.path(), sel);
  REQUIRE(l.ok());
  CHECK(l->root_exists);
  CHECK(Paths(*l) == std::vector<std::string>{"server.py", "workflow/a.py", "workflow/b.py",
                                              "workflow/deep/c.py"});
  const FileEntry& server = l->files[0];
  CHECK(server.size == 9);
  CHECK(server.mode == 0755);
  struct stat st {};
  REQUIRE(::stat((dir / "server.py").c_str(), &st) == 0);
  CHECK(server.inode == st.st_ino);
  CHECK(server.mtime_ns == testing::MtimeNs(dir / "server.py"));
  CHECK(server.ctime_ns > 0);
}

TEST_CASE("a missing root is not an error but a file root is", "[tree_walk]") {
  testing::TempDir dir;
  FileSelector sel({"**"}, {});
  Result<TreeListing> l = ListManagedFiles(dir / "absent", sel);
  REQUIRE(l.ok());
  CHECK_FALSE(l->root_exists);
  CHECK(l->files.empty());
  testing::WriteFile(dir / "file", "x");
  Result<TreeListing> f = ListManagedFiles(dir / "file", sel);
  REQUIRE_FALSE(f.ok());
  CHECK(f.status().code() == StatusCode::kFailedPrecondition);
}

TEST_CASE("excluded directories are pruned and never opened", "[tree_walk]") {
  testing::TempDir dir;
  testing::WriteFile(dir / "app.py", "x");
  testing::WriteFile(dir / "logs/a.py", "x");
  testing::WriteFile(dir / "secret/a.py", "x");
  // An unreadable directory would be reported if the walk tried to open it.
  REQUIRE(::chmod((dir / "secret").c_str(), 0) == 0);
  REQUIRE(::chmod((dir / "logs").c_str(), 0) == 0);
  FileSelector sel({"**/*.py"}, {"logs/**", "secret"});
  Result<TreeListing> l = ListManagedFiles(dir.path(), sel);
  REQUIRE(l.ok());
  CHECK(Paths(*l) == std::vector<std::string>{"app.py"});
  CHECK(l->unreadable.empty());
  if (::geteuid() != 0) {
    // A directory that may hold managed files but cannot be read is reported.
    FileSelector all({"**/*.py"}, {});
    Result<TreeListing> all_l = ListManagedFiles(dir.path(), all);
    REQUIRE(all_l.ok());
    CHECK(all_l->unreadable == std::vector<std::string>{"logs/", "secret/"});
  }
}

TEST_CASE("symlinks: escaping ones reported and never followed", "[tree_walk]") {
  testing::TempDir outside;
  testing::WriteFile(outside / "secret.py", "outside");
  testing::WriteFile(outside / "dir/x.py", "outside");
  testing::TempDir dir;
  testing::WriteFile(dir / "real.py", "real content");
  testing::WriteFile(dir / ".env", "TOKEN=1");
  testing::WriteFile(dir / "inner/y.py", "y");
  std::filesystem::create_symlink(outside / "secret.py", dir / "escape.py");
  std::filesystem::create_symlink("real.py", dir / "alias.py");
  std::filesystem::create_symlink(".env", dir / "env.py");
  std::filesystem::create_symlink(outside / "dir", dir / "linkdir");
  std::filesystem::create_symlink("inner", dir / "innerlink");
  std::filesystem::create_symlink("missing.py", dir / "dangling.py");
  FileSelector sel({"**/*.py", "**/*.env"}, {".env"});

  Result<TreeListing> l = ListManagedFiles(dir.path(), sel);
  REQUIRE(l.ok());
  // alias.py is a link inside the root: reported with the target's facts.
  CHECK(Paths(*l) == std::vector<std::string>{"alias.py", "inner/y.py", "real.py"});
  CHECK(l->files[0].size == std::string("real content").size());
  CHECK(l->files[0].inode == l->files[2].inode);
  // Leaving the root, or pointing at an excluded file, is "escaping".
  CHECK(l->escaping_symlinks == std::vector<std::string>{"env.py", "escape.py"});
  CHECK(l->unreadable == std::vector<std::string>{"dangling.py"});
  // Symlinked directories are never descended, inside or outside the root.
  for (const FileEntry& f : l->files) {
    CHECK(f.path.rfind("linkdir/", 0) != 0);
    CHECK(f.path.rfind("innerlink/", 0) != 0);
  }
}

TEST_CASE("special files are listed apart", "[tree_walk]") {
  testing::TempDir dir;
  REQUIRE(::mkfifo((dir / "pipe.py").c_str(), 0644) == 0);
  FileSelector sel({"*.py"}, {});
  Result<TreeListing> l = ListManagedFiles(dir.path(), sel);
  REQUIRE(l.ok());
  CHECK(l->files.empty());
  CHECK(l->special_files == std::vector<std::string>{"pipe.py"});
}

}  // namespace
}  // namespace ua::engine
