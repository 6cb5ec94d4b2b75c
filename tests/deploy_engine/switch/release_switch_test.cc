#include "deploy_engine/switch/release_switch.h"

#include <sys/stat.h>

#include <catch2/catch.hpp>

#include "deploy_engine/state/journal.h"
#include "deploy_engine/state/layout.h"
#include "platform/sha256.h"
#include "tests/support/example_sandbox.h"
#include "tests/support/temp_dir.h"

namespace ua::engine {
namespace {

namespace stdfs = std::filesystem;
using ua::testing::ReadFileOrDie;
using ua::testing::TempDir;
using ua::testing::WriteFile;

uint32_t ModeOf(const stdfs::path& p) {
  struct stat st {};
  REQUIRE(lstat(p.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

Journal TestJournal(const stdfs::path& target) {
  Journal j;
  j.deployment_id = "d1";
  j.operation = "deploy";
  j.profile = "p";
  j.backup_id = "b";
  j.started = "2026-01-01T00:00:00.000Z";
  j.target = target.string();
  j.staging_dir = StagingDir(target, "d1").string();
  return j;
}

TEST_CASE("Stage and apply switch exactly the named files", "[engine][switch]") {
  TempDir tmp;
  const stdfs::path target = tmp / "prod", backups = tmp / "backups";
  WriteFile(tmp / "new/a.py", "new a\n", 0750);
  WriteFile(tmp / "new/deep.py", "deep\n");
  WriteFile(target / "a.py", "old a\n");
  WriteFile(target / "gone/only.py", "bye\n");
  WriteFile(target / "gone/.keep-unmanaged", "user\n");
  WriteFile(target / "empty/x.py", "x\n");
  WriteFile(target / ".env", "SECRET=1\n", 0600);
  stdfs::create_directories(backups);

  SwitchSet set;
  set.put = {{"a.py", tmp / "new/a.py", 0750, *Sha256File(tmp / "new/a.py")},
             {"d1/d2/deep.py", tmp / "new/deep.py", 0644, ""}};
  set.remove = {"gone/only.py", "empty/x.py", "never/existed.py"};
  const stdfs::path staging = StagingDir(target, "d1");
  size_t staged = 0;
  REQUIRE(StageFiles(staging, set,
                     [&](size_t n, size_t total, const std::string&) {
                       staged = n;
                       CHECK(total == 2);
                       return Status::Ok();
                     },
                     {})
              .ok());
  CHECK(staged == 2);
  CHECK(ReadFileOrDie(target / "a.py") == "old a\n");
  CHECK(ModeOf(staging / "a.py") == 0750);

  Journal journal = TestJournal(target);
  std::vector<std::string> renamed;
  REQUIRE(ApplyStaged(target, staging, set, backups, journal,
                      [&](size_t, size_t, const std::string& p) {
                        renamed.push_back(p);
                        auto mid = ReadJournal(backups);
                        REQUIRE(mid.ok());
                        CHECK((*mid)->step == JournalStep::kSwitching);
                        return Status::Ok();
                      },
                      {})
              .ok());
  CHECK(renamed == std::vector<std::string>{"a.py", "d1/d2/deep.py"});
  CHECK(ReadFileOrDie(target / "a.py") == "new a\n");
  CHECK(ModeOf(target / "a.py") == 0750);
  CHECK(ReadFileOrDie(target / "d1/d2/deep.py") == "deep\n");
  CHECK_FALSE(stdfs::exists(target / "gone/only.py"));
  CHECK(ReadFileOrDie(target / "gone/.keep-unmanaged") == "user\n");
  CHECK_FALSE(stdfs::exists(target / "empty"));
  CHECK(ReadFileOrDie(target / ".env") == "SECRET=1\n");
  CHECK_FALSE(stdfs::exists(staging));
  auto after = ReadJournal(backups);
  REQUIRE(after.ok());
  CHECK((*after)->step == JournalStep::kSwitched);
}

TEST_CASE("Staging refuses content that changed since it was planned", "[engine][switch]") {
  TempDir tmp;
  WriteFile(tmp / "src.py", "changed\n");
  SwitchSet set;
  set.put = {{"src.py", tmp / "src.py", 0644, Sha256Hex("planned\n")}};
  const stdfs::path staging = StagingDir(tmp / "prod", "d2");
  Status s = StageFiles(staging, set, {}, {});
  CHECK(s.code() == StatusCode::kCorrupt);
  CHECK_FALSE(stdfs::exists(staging));
}

TEST_CASE("A failing step hook stops the apply where it is", "[engine][switch]") {
  TempDir tmp;
  const stdfs::path target = tmp / "prod";
  stdfs::create_directories(tmp / "backups");
  WriteFile(tmp / "n/1.py", "1");
  WriteFile(tmp / "n/2.py", "2");
  SwitchSet set;
  set.put = {{"1.py", tmp / "n/1.py", 0644, ""}, {"2.py", tmp / "n/2.py", 0644, ""}};
  const stdfs::path staging = StagingDir(target, "d3");
  REQUIRE(StageFiles(staging, set, {}, {}).ok());
  Journal journal = TestJournal(target);
  Status s = ApplyStaged(target, staging, set, tmp / "backups", journal,
                         [](size_t n, size_t, const std::string&) {
                           return n == 1 ? Internal("stop here") : Status::Ok();
                         },
                         {});
  CHECK(s.message() == "stop here");
  CHECK(stdfs::exists(target / "1.py"));
  CHECK_FALSE(stdfs::exists(target / "2.py"));
  CHECK(stdfs::exists(staging / "2.py"));
  REQUIRE(CleanupStaging(target).ok());
  CHECK_FALSE(stdfs::exists(staging));
  CHECK(stdfs::exists(target / "1.py"));
}

TEST_CASE("RestoreSet brings back the old VERSION or removes a new one", "[engine][switch]") {
  BackupManifest m;
  m.backup_id = "b1";
  m.files = {{"a.py", 3, 0644, "aa"}};
  auto without = RestoreSet("/b/b1", m, {"a.py"}, {"new.py"});
  REQUIRE(without.ok());
  REQUIRE(without->put.size() == 1);
  CHECK(without->put[0].from == stdfs::path("/b/b1/files/a.py"));
  CHECK(without->remove == std::vector<std::string>{"new.py", "VERSION"});
  m.version_file = ManifestVersionFile{10, 0644, "vv"};
  auto with = RestoreSet("/b/b1", m, {"a.py"}, {});
  REQUIRE(with.ok());
  REQUIRE(with->put.size() == 2);
  CHECK(with->put[1].path == "VERSION");
  CHECK(with->put[1].sha256 == "vv");
  CHECK(RestoreSet("/b/b1", m, {"missing.py"}, {}).status().code() == StatusCode::kCorrupt);
}

}  // namespace
}  // namespace ua::engine
