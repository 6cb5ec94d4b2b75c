#include "deploy_engine/backup/retention.h"

#include <catch2/catch.hpp>

#include "deploy_engine/backup/backup_catalog.h"
#include "deploy_engine/backup/backup_verify.h"
#include "deploy_engine/operations/deployer.h"
#include "deploy_engine/operations/rollback.h"
#include "deploy_engine/state/history.h"
#include "tests/support/temp_dir.h"

namespace ua::engine {
namespace {

namespace stdfs = std::filesystem;
using ua::testing::TempDir;
using ua::testing::WriteFile;

struct Fixture {
  TempDir tmp;
  Profile profile;

  Fixture() {
    profile.name = "t";
    profile.source = tmp / "src";
    profile.target = tmp / "prod";
    profile.backup_dir = tmp / "backups";
    profile.include = {"*.py", "*.json"};
    profile.keep_backups = 3;
    WriteFile(tmp / "prod/.env", "SECRET=x\n", 0600);
  }

  // Deployment n: one file changes every time, one never does (so backups hard-link it).
  DeployResult DeployNumber(int n, bool fail) {
    WriteFile(profile.source / "server.py", "print(" + std::to_string(n) + ")\n");
    WriteFile(profile.source / "same.json", "{\"same\": true}\n");
    DeployRequest req;
    req.profile = profile;
    req.log_file = tmp / "deploy.log";
    req.version = "1.0." + std::to_string(n);
    req.deployed_by = "test";
    std::map<std::string, std::string> vars;
    if (fail) vars["UA_DEPLOY_FAULT"] = "TESTING=fail";
    Environment env = Environment::Fixed(vars);
    DeployContext ctx;
    ctx.env = &env;
    auto r = Deploy(req, ctx);
    REQUIRE(r.ok());
    REQUIRE(r->outcome == (fail ? DeployOutcome::kRolledBack : DeployOutcome::kComplete));
    return std::move(r).value();
  }

  std::vector<std::string> Ids() const {
    auto list = ListBackups(profile.backup_dir);
    REQUIRE(list.ok());
    std::vector<std::string> ids;
    for (const auto& b : *list) ids.push_back(b.backup_id);
    return ids;
  }

  void CheckNoOrphans() const {
    for (const auto& e : stdfs::directory_iterator(profile.backup_dir)) {
      const std::string name = e.path().filename().string();
      INFO(name);
      CHECK(name.rfind(".removing-", 0) != 0);
      CHECK(name.rfind(".incoming-", 0) != 0);
    }
    auto list = ListBackups(profile.backup_dir);
    REQUIRE(list.ok());
    for (const auto& b : *list) {
      INFO(b.backup_id);
      CHECK(VerifyBackup(b.dir).ok());
    }
  }
};

TEST_CASE("keep_backups 3 over 10 deployments keeps the newest good backups and prunes failed ones",
          "[engine][retention]") {
  Fixture f;
  std::vector<std::string> good;  // backups of complete deployments, oldest first
  for (int n = 1; n <= 10; ++n) {
    const bool fail = n == 3 || n == 6 || n == 9 || n == 10;
    DeployResult r = f.DeployNumber(n, fail);
    if (!fail) good.push_back(r.backup_id);
  }
  // The last deployment failed, so nothing pruned after deployment 8; then 11 succeeds.
  DeployResult last = f.DeployNumber(11, false);
  good.push_back(last.backup_id);
  const std::vector<std::string> expected = {good[good.size() - 1], good[good.size() - 2],
                                             good[good.size() - 3]};
  CHECK(f.Ids() == expected);
  f.CheckNoOrphans();
}

TEST_CASE("Failed backups fill only the slots good ones leave free", "[engine][retention]") {
  Fixture f;
  f.profile.keep_backups = 4;
  DeployResult a = f.DeployNumber(1, false);
  DeployResult b = f.DeployNumber(2, true);
  DeployResult c = f.DeployNumber(3, false);
  DeployResult d = f.DeployNumber(4, true);
  DeployResult e = f.DeployNumber(5, false);
  // 5 backups, 3 good: the newer failed one keeps the fourth slot.
  CHECK(f.Ids() == std::vector<std::string>{e.backup_id, d.backup_id, c.backup_id, a.backup_id});
  f.CheckNoOrphans();
}

TEST_CASE("Pruning never deletes protected backups nor the newest good one",
          "[engine][retention]") {
  Fixture f;
  f.profile.keep_backups = 10;
  std::vector<std::string> ids;
  for (int n = 1; n <= 4; ++n) ids.push_back(f.DeployNumber(n, false).backup_id);
  auto pruned = PruneBackups(f.profile.backup_dir, 1, {ids[0], ids[1]});
  REQUIRE(pruned.ok());
  CHECK(*pruned == std::vector<std::string>{ids[2]});
  CHECK(f.Ids() == std::vector<std::string>{ids[3], ids[1], ids[0]});
  f.CheckNoOrphans();
}

TEST_CASE("A rollback prunes but keeps the restored and the safety backup", "[engine][retention]") {
  Fixture f;
  f.profile.keep_backups = 10;
  std::vector<std::string> ids;
  for (int n = 1; n <= 4; ++n) ids.push_back(f.DeployNumber(n, false).backup_id);
  RollbackRequest req;
  req.profile = f.profile;
  req.profile.keep_backups = 1;
  req.log_file = f.tmp / "deploy.log";
  req.backup_id = ids[1];
  Environment env = Environment::Fixed({});
  DeployContext ctx;
  ctx.env = &env;
  auto r = Rollback(req, ctx);
  REQUIRE(r.ok());
  REQUIRE(r->outcome == RollbackOutcome::kComplete);
  CHECK(f.Ids() == std::vector<std::string>{r->safety_backup_id, ids[1]});
  f.CheckNoOrphans();
}

TEST_CASE("A backup whose pruning was interrupted is deleted at the next start",
          "[engine][retention]") {
  Fixture f;
  f.DeployNumber(1, false);
  const stdfs::path half = f.profile.backup_dir / ".removing-20250101T000000.000Z-v0.0.1";
  WriteFile(half / "files/server.py", "half deleted\n");
  REQUIRE(f.Ids().size() == 1);  // never listed
  f.DeployNumber(2, false);
  CHECK_FALSE(stdfs::exists(half));
  f.CheckNoOrphans();
}

}  // namespace
}  // namespace ua::engine
