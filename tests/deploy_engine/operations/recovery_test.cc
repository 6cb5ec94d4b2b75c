#include "deploy_engine/operations/recovery.h"

#include <catch2/catch.hpp>

#include "deploy_engine/state/history.h"
#include "deploy_engine/state/journal.h"
#include "deploy_engine/state/layout.h"
#include "tests/support/example_sandbox.h"
#include "tests/support/temp_dir.h"

namespace ua::engine {
namespace {

namespace stdfs = std::filesystem;
using ua::testing::SnapshotTree;
using ua::testing::TempDir;
using ua::testing::WriteFile;

struct Setup {
  TempDir tmp;
  Profile profile;
  Environment env = Environment::Fixed({});
  DeployContext ctx;
  Setup() {
    profile.name = "p";
    profile.source = tmp / "src";
    profile.target = tmp / "prod";
    profile.backup_dir = tmp / "backups";
    profile.include = {"*.py"};
    ctx.env = &env;
    WriteFile(tmp / "prod/a.py", "current\n");
  }
  Journal At(JournalStep step) const {
    stdfs::create_directories(profile.backup_dir);
    Journal j;
    j.deployment_id = "d-dead";
    j.operation = "deploy";
    j.profile = "p";
    j.backup_id = "20260101T000000.000Z-v0.1.0";
    j.started = "2026-01-01T00:00:00.000Z";
    j.step = step;
    j.plan.modified = {"a.py"};
    j.target = profile.target.string();
    j.staging_dir = StagingDir(profile.target, "d-dead").string();
    return j;
  }
};

TEST_CASE("Without a journal recovery touches nothing", "[engine][recovery]") {
  Setup s;
  auto r = RecoverIfInterrupted(s.profile, s.ctx);
  REQUIRE(r.ok());
  CHECK_FALSE(r->has_value());
  CHECK_FALSE(stdfs::exists(s.profile.backup_dir));
}

TEST_CASE("A journal with VERSION written keeps the new release", "[engine][recovery]") {
  Setup s;
  REQUIRE(WriteJournal(s.profile.backup_dir, s.At(JournalStep::kVersionWritten)).ok());
  stdfs::create_directories(StagingDir(s.profile.target, "d-dead"));
  const auto before = SnapshotTree(s.profile.target);
  auto r = RecoverIfInterrupted(s.profile, s.ctx);
  REQUIRE(r.ok());
  REQUIRE(r->has_value());
  CHECK((**r)["resolution"] == "completed");
  CHECK(SnapshotTree(s.profile.target) == before);
  CHECK_FALSE(stdfs::exists(StagingDir(s.profile.target, "d-dead")));
  CHECK_FALSE(stdfs::exists(JournalPath(s.profile.backup_dir)));
  auto last = LastHistoryRecord(s.profile.backup_dir);
  REQUIRE(last.ok());
  CHECK((**last)["outcome"] == "interrupted");
  CHECK((**last)["deployment_id"] == "d-dead");
}

TEST_CASE("A journal still at staged is discarded", "[engine][recovery]") {
  Setup s;
  REQUIRE(WriteJournal(s.profile.backup_dir, s.At(JournalStep::kStaged)).ok());
  auto r = RecoverIfInterrupted(s.profile, s.ctx);
  REQUIRE(r.ok());
  CHECK((**r)["resolution"] == "discarded");
  CHECK(ua::testing::ReadFileOrDie(s.profile.target / "a.py") == "current\n");
}

TEST_CASE("A switch without its backup cannot be recovered automatically", "[engine][recovery]") {
  Setup s;
  REQUIRE(WriteJournal(s.profile.backup_dir, s.At(JournalStep::kSwitching)).ok());
  auto r = RecoverIfInterrupted(s.profile, s.ctx);
  CHECK_FALSE(r.ok());
  CHECK(stdfs::exists(JournalPath(s.profile.backup_dir)));
  CHECK(ua::testing::ReadFileOrDie(s.profile.target / "a.py") == "current\n");
}

TEST_CASE("A corrupt journal stops recovery and touches nothing", "[engine][recovery]") {
  Setup s;
  WriteFile(JournalPath(s.profile.backup_dir), "{\"deployment_id\": 3");
  auto r = RecoverIfInterrupted(s.profile, s.ctx);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == StatusCode::kCorrupt);
  CHECK(stdfs::exists(JournalPath(s.profile.backup_dir)));
}

TEST_CASE("Manual restore commands are quoted for the shell", "[engine][recovery]") {
  SwitchSet set;
  set.put = {{"it's.py", "/b/files/it's.py", 0644, ""}};
  set.remove = {"new.py"};
  auto lines = ManualRestoreCommands("/prod", set);
  REQUIRE(lines.size() == 2);
  CHECK(lines[0] == "mkdir -p '/prod' && cp -a '/b/files/it'\\''s.py' '/prod/it'\\''s.py'");
  CHECK(lines[1] == "rm -f '/prod/new.py'");
}

}  // namespace
}  // namespace ua::engine
