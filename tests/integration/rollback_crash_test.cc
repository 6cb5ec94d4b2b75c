// Real crash tests of `ua-deploy rollback`: the process is SIGKILLed
// (UA_DEPLOY_FAULT=<point>=kill) at points inside the rollback; the next `ua-deploy status`
// recovers, after which production's managed files are exactly the release before the
// rollback or exactly the restored one, unmanaged files are unchanged, the lock is free, no
// journal is left and every backup still verifies.
#include <catch2/catch.hpp>

#include "deploy_engine/backup/backup_catalog.h"
#include "deploy_engine/backup/backup_verify.h"
#include "tests/support/crash_run.h"
#include "tests/support/example_sandbox.h"
#include "tests/support/operation_state.h"

namespace ua {
namespace {

namespace fs = std::filesystem;
using testing::ExampleSandbox;
using testing::Tree;

using testing::ManagedPart;
using testing::UnmanagedPart;

TEST_CASE("A rollback killed at any point recovers to the release before or the restored one",
          "[integration][crash][rollback]") {
  const std::string point =
      GENERATE(as<std::string>{}, "ROLLBACK:after-safety-backup", "ROLLBACK:after-stage",
               "ROLLBACK:after-rename:1", "ROLLBACK:after-rename:2", "ROLLBACK:after-remove:1",
               "ROLLBACK:after-switch", "ROLLBACK:after-version");
  INFO("killed at " << point);
  ExampleSandbox box;
  const fs::path config = box.WritePlainConfig();
  const fs::path backup_dir = box.backup_dir();
  const Tree original = testing::SnapshotTree(box.prod());
  auto deploy = box.RunUaDeploy({"deploy", "--config", config.string(), "--json"});
  REQUIRE(deploy.exit.success());
  const Tree deployed = testing::SnapshotTree(box.prod());
  const Tree before = ManagedPart(deployed);
  const Tree restored = ManagedPart(original);
  REQUIRE(before != restored);

  testing::RunKilledAt(box, {"rollback", "--config", config.string(), "--json"}, point);
  testing::StatusAfterRecovery(box, config);
  CHECK_FALSE(testing::JournalExists(backup_dir));

  const Tree now = testing::SnapshotTree(box.prod());
  const Tree managed = ManagedPart(now);
  CHECK((managed == before || managed == restored));
  CHECK(UnmanagedPart(now) == UnmanagedPart(deployed));

  auto backups = engine::ListBackups(backup_dir);
  REQUIRE(backups.ok());
  for (const auto& b : *backups) {
    INFO(b.backup_id);
    CHECK(engine::VerifyBackup(b.dir).ok());
  }

  // The profile is usable again: a rollback now completes and restores the old release.
  auto again = box.RunUaDeploy(
      {"rollback", "--config", config.string(), "--to", (*backups).back().backup_id, "--json"});
  INFO(again.stdout_text << again.stderr_text);
  if (managed == before) {
    CHECK(again.exit.exit_code == std::optional<int>(0));
  }
  CHECK(ManagedPart(testing::SnapshotTree(box.prod())) == restored);
}

}  // namespace
}  // namespace ua
