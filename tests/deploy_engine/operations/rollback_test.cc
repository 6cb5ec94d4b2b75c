#include "deploy_engine/operations/rollback.h"

#include <catch2/catch.hpp>
#include <fstream>

#include "deploy_engine/backup/backup_catalog.h"
#include "deploy_engine/backup/backup_verify.h"
#include "deploy_engine/operations/deployer.h"
#include "deploy_engine/state/deploy_lock.h"
#include "deploy_engine/state/history.h"
#include "deploy_engine/state/journal.h"
#include "deploy_engine/state/layout.h"
#include "deploy_engine/state/version_file.h"
#include "platform/sha256.h"
#include "tests/support/example_sandbox.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_profile.h"

namespace ua::engine {
namespace {

namespace stdfs = std::filesystem;
using ua::testing::SnapshotTree;
using ua::testing::Tree;
using ua::testing::WriteFile;

// Production without VERSION, which a rollback rewrites rather than restores.
Tree Release(const stdfs::path& target) {
  Tree t = SnapshotTree(target);
  t.erase(kVersionFileName);
  return t;
}

size_t CountLines(const stdfs::path& file) {
  std::ifstream in(file);
  size_t n = 0;
  for (std::string line; std::getline(in, line);) ++n;
  return n;
}

// Production starts with unmanaged files only; DeployRelease puts release n in place.
struct Fixture : ua::testing::TestProfile {
  std::vector<std::string> deploy_backups;  // the backup each deployment made, in order
  Tree v1, v2, v3;                          // production after each deployment

  Fixture() {
    WriteFile(tmp / "prod/.env", "SECRET=s3cr3t\n", 0600);
    WriteFile(tmp / "prod/app.log", "log line\n");
  }

  // Source contents of release n (1..3): files that change, appear, vanish and change mode.
  void WriteSource(int n) {
    stdfs::remove_all(profile.source);
    const std::string v = std::to_string(n);
    WriteFile(profile.source / "server.py", "print('v" + v + "')\n", n == 2 ? 0644 : 0755);
    WriteFile(profile.source / "keep.py", "same in every release\n");
    WriteFile(profile.source / "agents.json", "{\"release\": " + v + "}\n");
    if (n == 1) WriteFile(profile.source / "only1.py", "only in v1\n", 0600);
    if (n >= 2) WriteFile(profile.source / "sub/a.py", "a" + v + "\n", 0750);
    if (n == 3) WriteFile(profile.source / "sub/new/b.py", "b\n", 0600);
  }

  void DeployRelease(int n) {
    WriteSource(n);
    DeployRequest req = NewDeployRequest();
    req.version = "0." + std::to_string(n) + ".0";
    auto r = RunDeploy(req);
    REQUIRE(r.ok());
    INFO(r->failure_reason);
    REQUIRE(r->outcome == DeployOutcome::kComplete);
    deploy_backups.push_back(r->backup_id);
  }

  void DeployThree() {
    DeployRelease(1);
    v1 = Release(profile.target);
    DeployRelease(2);
    v2 = Release(profile.target);
    DeployRelease(3);
    v3 = Release(profile.target);
  }

  RollbackRequest Request() const { return NewRollbackRequest(); }

  Result<RollbackResult> Run(const RollbackRequest& req, ua::testing::EnvVars vars = {}) const {
    return RunRollback(req, std::move(vars));
  }
  Result<RollbackResult> RunToVersion(const std::string& version,
                                      ua::testing::EnvVars vars = {}) const {
    RollbackRequest req = Request();
    req.version = version;
    return Run(req, std::move(vars));
  }

  size_t BackupCount() const {
    auto list = ListBackups(profile.backup_dir);
    REQUIRE(list.ok());
    return list->size();
  }

  void CheckClean() const {
    CHECK_FALSE(JournalExists());
    CHECK_FALSE(LockHeld());
    REQUIRE(stdfs::is_directory(profile.target));
    CHECK_FALSE(HasStagingLeftovers());
  }
};

TEST_CASE("Rollback by id restores v1 exactly and the safety backup brings v3 back",
          "[engine][rollback]") {
  Fixture f;
  f.DeployThree();
  REQUIRE(f.v1 != f.v3);
  REQUIRE(f.deploy_backups.size() == 3);

  RollbackRequest req = f.Request();
  req.backup_id = f.deploy_backups[1];  // made by the v2 deployment: holds v1
  auto r = f.Run(req);
  REQUIRE(r.ok());
  INFO(r->failure_reason);
  REQUIRE(r->outcome == RollbackOutcome::kComplete);
  CHECK(Release(f.profile.target) == f.v1);
  CHECK(r->restored);
  CHECK(r->verified);
  CHECK(r->version == "0.1.0");
  CHECK(r->previous_version == "0.3.0");
  CHECK(r->restored_backup_id == f.deploy_backups[1]);
  CHECK(r->added == std::vector<std::string>{"only1.py"});
  CHECK(r->removed == std::vector<std::string>{"sub/a.py", "sub/new/b.py"});
  CHECK(r->modified == std::vector<std::string>{"agents.json", "server.py"});
  CHECK(r->unchanged == 1);
  REQUIRE_FALSE(r->safety_backup_id.empty());
  CHECK(VerifyBackup(f.profile.backup_dir / r->safety_backup_id).ok());
  f.CheckClean();

  VersionRead v = ReadVersionFile(f.profile.target);
  REQUIRE(v.state == VersionFileState::kOk);
  CHECK(v.info->version == "0.1.0");
  CHECK(v.info->deployment_id == r->deployment_id);
  CHECK(v.info->previous_version == "0.3.0");
  CHECK(v.info->extra.value("rolled_back_from", "") == "0.3.0");
  CHECK(v.info->extra.value("restored_backup_id", "") == f.deploy_backups[1]);

  auto last = LastHistoryRecord(f.profile.backup_dir);
  REQUIRE(last.ok());
  REQUIRE(last->has_value());
  CHECK((**last)["operation"] == "rollback");
  CHECK((**last)["outcome"] == "complete");
  CHECK((**last)["restored_backup_id"] == f.deploy_backups[1]);
  CHECK(stdfs::exists(f.log_file));

  RollbackRequest undo = f.Request();
  undo.backup_id = r->safety_backup_id;
  auto back = f.Run(undo);
  REQUIRE(back.ok());
  INFO(back->failure_reason);
  REQUIRE(back->outcome == RollbackOutcome::kComplete);
  CHECK(back->verified);
  CHECK(back->version == "0.3.0");
  CHECK(Release(f.profile.target) == f.v3);
  f.CheckClean();
}

TEST_CASE("Rollback by version picks the backup holding it", "[engine][rollback]") {
  Fixture f;
  f.DeployThree();
  const Tree before = SnapshotTree(f.profile.target);
  auto r = f.RunToVersion("0.1.0");
  REQUIRE(r.ok());
  REQUIRE(r->outcome == RollbackOutcome::kComplete);
  CHECK(r->restored_backup_id == f.deploy_backups[1]);
  CHECK(Release(f.profile.target) == f.v1);
  const Tree after = SnapshotTree(f.profile.target);
  CHECK(after.at(".env") == before.at(".env"));
  CHECK(after.at("app.log") == before.at("app.log"));
}

TEST_CASE("Rollback without a choice restores the newest backup that differs",
          "[engine][rollback]") {
  Fixture f;
  f.DeployThree();
  auto r = f.Run(f.Request());
  REQUIRE(r.ok());
  REQUIRE(r->outcome == RollbackOutcome::kComplete);
  CHECK(r->restored_backup_id == f.deploy_backups[2]);
  CHECK(r->version == "0.2.0");
  CHECK(Release(f.profile.target) == f.v2);
}

TEST_CASE("Rollback with no backups is refused and creates nothing", "[engine][rollback]") {
  Fixture f;
  const Tree before = SnapshotTree(f.profile.target);
  auto r = f.Run(f.Request());
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == StatusCode::kFailedPrecondition);
  CHECK_THAT(r.status().message(), Catch::Contains("no backups"));
  CHECK(SnapshotTree(f.profile.target) == before);
  CHECK_FALSE(stdfs::exists(f.profile.backup_dir));
}

TEST_CASE("Rollback refuses hostile and unknown arguments without changing anything",
          "[engine][rollback]") {
  Fixture f;
  f.DeployThree();
  const Tree before = SnapshotTree(f.profile.target);
  const size_t backups = f.BackupCount();
  const size_t history = CountLines(HistoryPath(f.profile.backup_dir));

  struct Case {
    std::optional<std::string> id, version;
    StatusCode code;
  };
  const std::vector<Case> cases = {
      {"../x", {}, StatusCode::kInvalidArgument},
      {"/etc", {}, StatusCode::kInvalidArgument},
      {f.deploy_backups[1] + "/../" + f.deploy_backups[1], {}, StatusCode::kInvalidArgument},
      {std::string("20250120T103000.123Z\0x", 22), {}, StatusCode::kInvalidArgument},
      {"..", {}, StatusCode::kInvalidArgument},
      {"20200101T000000.000Z-v9.9.9", {}, StatusCode::kNotFound},
      {{}, "1.2", StatusCode::kInvalidArgument},
      {{}, "../0.1.0", StatusCode::kInvalidArgument},
      {{}, "9.9.9", StatusCode::kNotFound},
      {f.deploy_backups[1], "0.1.0", StatusCode::kInvalidArgument},
  };
  for (const Case& c : cases) {
    RollbackRequest req = f.Request();
    req.backup_id = c.id;
    req.version = c.version;
    auto r = f.Run(req);
    INFO(c.id.value_or("-") << " / " << c.version.value_or("-"));
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == c.code);
  }
  CHECK(SnapshotTree(f.profile.target) == before);
  CHECK(f.BackupCount() == backups);
  CHECK(CountLines(HistoryPath(f.profile.backup_dir)) == history);
}

TEST_CASE("A damaged backup is never restored and list shows why", "[engine][rollback]") {
  Fixture f;
  f.DeployThree();
  const stdfs::path tampered = f.profile.backup_dir / f.deploy_backups[1] / "files/server.py";
  REQUIRE(stdfs::exists(tampered));
  stdfs::permissions(tampered, stdfs::perms::owner_write, stdfs::perm_options::add);
  ua::testing::RewriteInPlace(tampered, "print('evil')\n");
  const Tree before = SnapshotTree(f.profile.target);

  RollbackRequest by_id = f.Request();
  by_id.backup_id = f.deploy_backups[1];
  auto r = f.Run(by_id);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == StatusCode::kFailedPrecondition);
  CHECK_THAT(r.status().message(), Catch::Contains("damaged"));
  CHECK_THAT(r.status().message(), Catch::Contains("server.py"));

  RollbackRequest by_version = f.Request();
  by_version.version = "0.1.0";
  auto rv = f.Run(by_version);
  REQUIRE_FALSE(rv.ok());
  CHECK(rv.status().code() == StatusCode::kFailedPrecondition);
  CHECK(SnapshotTree(f.profile.target) == before);

  const stdfs::path manifest = f.profile.backup_dir / f.deploy_backups[2] / "manifest.json";
  stdfs::remove(manifest);
  RollbackRequest no_manifest = f.Request();
  no_manifest.backup_id = f.deploy_backups[2];
  auto rm = f.Run(no_manifest);
  REQUIRE_FALSE(rm.ok());
  CHECK_THAT(rm.status().message(), Catch::Contains("damaged"));
  CHECK(SnapshotTree(f.profile.target) == before);

  RollbackRequest list = f.Request();
  list.list = true;
  auto l = f.Run(list);
  REQUIRE(l.ok());
  REQUIRE(l->backups.size() == 3);
  CHECK(l->backups[0].damaged);
  CHECK(l->backups[1].damaged);
  REQUIRE_FALSE(l->backups[1].first_mismatches.empty());
  CHECK_THAT(l->backups[1].first_mismatches[0], Catch::Contains("server.py"));
  CHECK_FALSE(l->backups[2].damaged);
}

TEST_CASE("Rollback dry run shows the plan and changes nothing", "[engine][rollback]") {
  Fixture f;
  f.DeployThree();
  const Tree before = SnapshotTree(f.profile.target);
  const Tree backups_before = SnapshotTree(f.profile.backup_dir);
  const size_t log_lines = CountLines(f.log_file);
  RollbackRequest req = f.Request();
  req.version = "0.1.0";
  req.dry_run = true;
  auto r = f.Run(req);
  REQUIRE(r.ok());
  CHECK(r->outcome == RollbackOutcome::kDryRun);
  CHECK(r->added == std::vector<std::string>{"only1.py"});
  CHECK(r->modified == std::vector<std::string>{"agents.json", "server.py"});
  CHECK(r->removed == std::vector<std::string>{"sub/a.py", "sub/new/b.py"});
  CHECK(r->safety_backup_id.empty());
  CHECK_FALSE(r->restored);
  CHECK(SnapshotTree(f.profile.target) == before);
  CHECK(SnapshotTree(f.profile.backup_dir) == backups_before);
  CHECK(CountLines(f.log_file) == log_lines);
}

TEST_CASE("A failing post-deploy test after a rollback is reported and production stays restored",
          "[engine][rollback]") {
  Fixture f;
  f.DeployThree();
  RollbackRequest req = f.Request();
  req.version = "0.1.0";
  TestConfig failing =
      ua::testing::CommandTest("always fails", {"sh", "-c", "echo broken; exit 3"});
  failing.timeout_s = 10;
  req.profile.tests = {failing};
  auto r = f.Run(req);
  REQUIRE(r.ok());
  CHECK(r->outcome == RollbackOutcome::kFailed);
  CHECK(r->restored);
  CHECK(r->verified);
  CHECK_THAT(r->failure_reason, Catch::Contains("post-deploy"));
  CHECK_THAT(r->failure_reason, Catch::Contains(r->safety_backup_id));
  REQUIRE(r->tests.size() == 1);
  CHECK_FALSE(r->tests[0].passed);
  CHECK(Release(f.profile.target) == f.v1);
  CHECK(ReadVersionFile(f.profile.target).info->version == "0.1.0");
  auto last = LastHistoryRecord(f.profile.backup_dir);
  REQUIRE(last.ok());
  CHECK((**last)["outcome"] == "failed");
  f.CheckClean();
}

TEST_CASE("A switch that fails midway puts production back as it was", "[engine][rollback]") {
  Fixture f;
  f.DeployThree();
  const Tree before = SnapshotTree(f.profile.target);
  auto r = f.RunToVersion("0.1.0", {{"UA_DEPLOY_FAULT", "ROLLBACK:after-rename:2=fail"}});
  REQUIRE(r.ok());
  CHECK(r->outcome == RollbackOutcome::kFailed);
  CHECK_FALSE(r->restored);
  CHECK_THAT(r->failure_reason, Catch::Contains("put back"));
  CHECK(SnapshotTree(f.profile.target) == before);
  f.CheckClean();
}

TEST_CASE("Rollback list shows backups newest first with outcomes disk use and the current one",
          "[engine][rollback]") {
  Fixture f;
  f.DeployThree();
  RollbackRequest list = f.Request();
  list.list = true;
  auto l = f.Run(list);
  REQUIRE(l.ok());
  CHECK(l->outcome == RollbackOutcome::kListed);
  REQUIRE(l->backups.size() == 3);
  CHECK(l->backups[0].backup_id == f.deploy_backups[2]);
  CHECK(l->backups[0].version == std::optional<std::string>("0.2.0"));
  CHECK(l->backups[1].version == std::optional<std::string>("0.1.0"));
  CHECK_FALSE(l->backups[2].version);
  uint64_t sum = 0;
  for (const auto& b : l->backups) {
    CHECK(b.deployment_outcome == "complete");
    CHECK_FALSE(b.current);
    CHECK_FALSE(b.damaged);
    CHECK(b.disk_bytes > 0);
    sum += b.disk_bytes;
  }
  // keep.py is the same in every release, so the backups share it through a hard link.
  CHECK(l->backups_disk_bytes < sum);

  auto r = f.RunToVersion("0.1.0");
  REQUIRE(r.ok());
  REQUIRE(r->outcome == RollbackOutcome::kComplete);
  auto after = f.Run(list);
  REQUIRE(after.ok());
  REQUIRE(after->backups.size() == 4);
  CHECK(after->backups[0].backup_id == r->safety_backup_id);
  CHECK(after->backups[0].kind == "safety");
  CHECK(after->backups[0].deployment_outcome == "complete");
  CHECK_FALSE(after->backups[0].current);
  CHECK(after->backups[2].backup_id == f.deploy_backups[1]);
  CHECK(after->backups[2].current);
}

TEST_CASE("Rollback to the backup taken before the first deployment leaves no managed file",
          "[engine][rollback]") {
  Fixture f;
  f.DeployThree();
  const Tree before = SnapshotTree(f.profile.target);
  RollbackRequest req = f.Request();
  req.backup_id = f.deploy_backups[0];  // production held only unmanaged files then
  auto r = f.Run(req);
  REQUIRE(r.ok());
  INFO(r->failure_reason);
  REQUIRE(r->outcome == RollbackOutcome::kComplete);
  CHECK(r->version.empty());
  CHECK(r->verified);
  const Tree now = SnapshotTree(f.profile.target);
  CHECK(now == Tree{{".env", before.at(".env")}, {"app.log", before.at("app.log")}});
  CHECK(ReadVersionFile(f.profile.target).state == VersionFileState::kMissing);

  RollbackRequest undo = f.Request();
  undo.backup_id = r->safety_backup_id;
  auto back = f.Run(undo);
  REQUIRE(back.ok());
  REQUIRE(back->outcome == RollbackOutcome::kComplete);
  CHECK(Release(f.profile.target) == f.v3);
  CHECK(ReadVersionFile(f.profile.target).info->version == "0.3.0");
}

// A backup in manifest format 1 written field by field as the first release of ua-deploy wrote
// it (not through today's CreateBackup), so a change to the writer cannot hide a change to
// what the reader accepts.
void WriteFormat1Backup(const stdfs::path& backup_dir, const std::string& id, int format) {
  const std::string server = "print('from an old release')\n";
  const std::string version = "{\"version\": \"0.0.9\", \"deployed\": \"2025-01-20T10:00:00Z\"}\n";
  WriteFile(backup_dir / id / "files/server.py", server, 0755);
  WriteFile(backup_dir / id / "files/lib/util.py", "def f(): pass\n", 0644);
  WriteFile(backup_dir / id / "VERSION", version, 0644);
  nlohmann::json manifest = {
      {"format", format},
      {"backup_id", id},
      {"created", "2025-01-20T10:30:00.123Z"},
      {"profile", "t"},
      {"kind", "pre_deploy"},
      {"deployment_id", "d20250120T103000.123Z-abcd"},
      {"version", "0.0.9"},
      {"git_commit", nullptr},
      {"version_file", {{"size", version.size()}, {"mode", 0644}, {"sha256", Sha256Hex(version)}}},
      {"files",
       {{{"path", "lib/util.py"},
         {"size", 14},
         {"mode", 0644},
         {"sha256", Sha256Hex("def f(): pass\n")}},
        {{"path", "server.py"},
         {"size", server.size()},
         {"mode", 0755},
         {"sha256", Sha256Hex(server)}}}},
      {"total_bytes", 14 + server.size()}};
  WriteFile(backup_dir / id / "manifest.json", manifest.dump(2) + "\n");
}

TEST_CASE("A backup in the first release's manifest format restores", "[engine][rollback]") {
  Fixture f;
  f.profile.include.push_back("lib/*.py");
  f.DeployRelease(1);
  const std::string id = "20250120T103000.123Z-v0.0.9";
  WriteFormat1Backup(f.profile.backup_dir, id, 1);
  RollbackRequest req = f.Request();
  req.backup_id = id;
  auto r = f.Run(req);
  REQUIRE(r.ok());
  INFO(r->failure_reason);
  REQUIRE(r->outcome == RollbackOutcome::kComplete);
  CHECK(r->verified);
  CHECK(r->version == "0.0.9");
  const Tree now = SnapshotTree(f.profile.target);
  CHECK(now.at("server.py") == std::to_string(0755) + ":print('from an old release')\n");
  CHECK(now.at("lib/util.py") == std::to_string(0644) + ":def f(): pass\n");
  CHECK(now.count("keep.py") == 0);
  CHECK(now.count(".env") == 1);
}

TEST_CASE("A backup in an unknown manifest format is reported as unsupported and not restored",
          "[engine][rollback]") {
  Fixture f;
  f.DeployRelease(1);
  const std::string id = "20250120T103000.123Z-v0.0.9";
  WriteFormat1Backup(f.profile.backup_dir, id, 2);
  const Tree before = SnapshotTree(f.profile.target);
  RollbackRequest req = f.Request();
  req.backup_id = id;
  auto r = f.Run(req);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == StatusCode::kFailedPrecondition);
  CHECK_THAT(r.status().message(), Catch::Contains("damaged"));
  CHECK_THAT(r.status().message(), Catch::Contains("format"));
  CHECK(SnapshotTree(f.profile.target) == before);
}

}  // namespace
}  // namespace ua::engine
