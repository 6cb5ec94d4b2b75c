#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>

#include "deploy_engine/switch/write_obstacles.h"
#include "tests/support/temp_dir.h"

namespace ua::engine {
namespace {

using ua::testing::TempDir;
using ua::testing::WriteFile;

// Sets an inode flag with chattr for the life of the guard; false when this machine cannot
// (not root, or a filesystem without the flags).
class Chattr {
 public:
  Chattr(std::filesystem::path path, char flag) : path_(std::move(path)), flag_(flag) {
    set_ = std::system(Command('+').c_str()) == 0;
  }
  ~Chattr() {
    if (set_) (void)std::system(Command('-').c_str());
  }
  bool set() const { return set_; }

 private:
  std::string Command(char sign) const {
    return std::string("chattr ") + sign + flag_ + " '" + path_.string() + "' 2>/dev/null";
  }
  std::filesystem::path path_;
  char flag_;
  bool set_ = false;
};

struct Tree {
  TempDir tmp;
  std::filesystem::path prod = tmp / "prod", backups = tmp / "backups";
  Tree() {
    WriteFile(prod / "a.py", "a\n");
    WriteFile(prod / "b.py", "b\n");
    WriteFile(prod / "lib" / "c.py", "c\n");
    std::filesystem::create_directories(backups);
  }
};

TEST_CASE("A plan over an ordinary tree meets no obstacle", "[engine][preflight]") {
  Tree t;
  const PlannedWrites writes{{"lib/new.py", "docs/x.md"}, {"a.py", "b.py"}, {"lib/c.py"}};
  CHECK(FindWriteObstacles(writes, t.prod, t.backups).empty());
}

TEST_CASE("An immutable or append-only file the switch replaces is an obstacle, for root too",
          "[engine][preflight]") {
  Tree t;
  Chattr immutable(t.prod / "b.py", 'i');
  Chattr append(t.prod / "lib" / "c.py", 'a');
  if (!immutable.set() || !append.set()) {
    WARN("chattr is not available here (needs root on ext4-like filesystems); skipped");
    return;
  }
  const auto found = FindWriteObstacles({{}, {"a.py", "b.py"}, {"lib/c.py"}}, t.prod, t.backups);
  REQUIRE(found.size() == 2);
  CHECK(found[0].path == t.prod / "b.py");
  CHECK_THAT(found[0].reason, Catch::Contains("immutable"));
  CHECK(found[0].fix ==
        "as root: chattr -i '" + (t.prod / "b.py").string() + "', then run the command again");
  CHECK(found[1].path == t.prod / "lib" / "c.py");
  CHECK_THAT(found[1].reason, Catch::Contains("append-only"));
  CHECK_THAT(found[1].fix, Catch::Contains("chattr -a"));
  // An append-only file that is only read (not in the plan) is no obstacle.
  CHECK(FindWriteObstacles({{}, {"a.py"}, {}}, t.prod, t.backups).empty());
}

TEST_CASE("An immutable directory refuses new files; an append-only one only removals",
          "[engine][preflight]") {
  Tree t;
  Chattr lib(t.prod / "lib", 'a');
  if (!lib.set()) {
    WARN("chattr is not available here; skipped");
    return;
  }
  CHECK(FindWriteObstacles({{"lib/new.py"}, {}, {}}, t.prod, t.backups).empty());
  const auto removal = FindWriteObstacles({{}, {}, {"lib/c.py"}}, t.prod, t.backups);
  REQUIRE(removal.size() == 1);
  CHECK(removal[0].path == t.prod / "lib");
  Chattr backups(t.backups, 'i');
  REQUIRE(backups.set());
  const auto frozen = FindWriteObstacles({{"lib/new.py"}, {}, {}}, t.prod, t.backups);
  REQUIRE(frozen.size() == 1);
  CHECK(frozen[0].path == t.backups);
  CHECK_THAT(frozen[0].reason, Catch::Contains("immutable"));
}

TEST_CASE("A directory the user cannot write is an obstacle", "[engine][preflight]") {
  if (geteuid() == 0) {
    WARN(
        "running as root: permission bits do not refuse root; the unprivileged case runs in "
        "tests/scripts/write_faults_test.py under runuser");
    return;
  }
  Tree t;
  chmod((t.prod / "lib").c_str(), 0555);
  const auto found = FindWriteObstacles({{"lib/new.py"}, {}, {}}, t.prod, t.backups);
  chmod((t.prod / "lib").c_str(), 0755);
  REQUIRE(found.size() == 1);
  CHECK(found[0].path == t.prod / "lib");
  CHECK_THAT(found[0].reason, Catch::Contains("not writable"));
}

}  // namespace
}  // namespace ua::engine
