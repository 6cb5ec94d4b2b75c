// Real crash tests: the real `ua-deploy deploy` is SIGKILLed (UA_DEPLOY_FAULT=<point>=kill) at
// each state and at points inside BACKING_UP and DEPLOYING; the next `ua-deploy status` must
// recover first. Afterwards production's managed files are exactly the old or the new release,
// unmanaged files are unchanged, the lock is free and history says `interrupted`.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "deploy_engine/state/history.h"
#include "tests/support/crash_run.h"
#include "tests/support/example_sandbox.h"
#include "tests/support/operation_state.h"

namespace ua {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::ExampleSandbox;
using testing::Tree;

using testing::ManagedPart;
using testing::UnmanagedPart;
using ua::Subprocess;
using ua::SubprocessOptions;

// The history of the sandbox's profile begins with a line saying what recovery resolved.
json NewestHistoryRecord(const ExampleSandbox& box) {
  auto history = engine::ReadHistory(box.backup_dir(), 10);
  REQUIRE(history.ok());
  REQUIRE_FALSE(history->empty());
  return (*history)[0];
}

TEST_CASE("A deploy killed at any point recovers to the old or the new release",
          "[integration][crash]") {
  const std::string point =
      GENERATE(as<std::string>{}, "CHECKING", "BACKING_UP", "BACKING_UP:after-file:1",
               "BACKING_UP:after-file:3", "BACKING_UP:after-backup", "DEPLOYING",
               "DEPLOYING:after-stage", "DEPLOYING:after-journal", "DEPLOYING:after-rename:1",
               "DEPLOYING:after-rename:2", "DEPLOYING:after-remove:1", "DEPLOYING:after-switch",
               "TESTING", "FINALIZING", "FINALIZING:after-version");
  INFO("killed at " << point);
  ExampleSandbox box;
  const fs::path config = box.WritePlainConfig();
  const Tree old_release = testing::SnapshotTree(box.prod());
  const Tree new_managed = ManagedPart(testing::SnapshotTree(box.dev()));
  REQUIRE(ManagedPart(old_release) != new_managed);

  testing::RunKilledAt(box, {"deploy", "--config", config.string(), "--json"}, point);
  json report = testing::StatusAfterRecovery(box, config);

  const Tree after = testing::SnapshotTree(box.prod());
  if (point == "FINALIZING:after-version") {
    CHECK(ManagedPart(after) == new_managed);
    CHECK(report["production"]["version"] == "0.1.1");
  } else {
    CHECK(after == old_release);
  }
  CHECK(UnmanagedPart(after) == UnmanagedPart(old_release));
  REQUIRE(fs::is_directory(box.prod()));
  CHECK_FALSE(testing::HasStagingLeftovers(box.prod()));
  CHECK(NewestHistoryRecord(box)["outcome"] == "interrupted");

  // The profile is usable again: the next deploy completes.
  auto again = box.RunUaDeploy({"deploy", "--config", config.string(), "--json"});
  INFO(again.stdout_text << again.stderr_text);
  CHECK(again.exit.exit_code == 0);
  CHECK(ManagedPart(testing::SnapshotTree(box.prod())) == new_managed);
}

// The same crash, in the process of its own that an MCP call (or --detach) starts: the
// detached operation process dies of SIGKILL, `status --wait` sees it interrupted, and the
// next command recovers exactly as after a foreground crash.
TEST_CASE("A detached deploy killed at any point recovers to the old or the new release",
          "[integration][crash][detached]") {
  const std::string point =
      GENERATE(as<std::string>{}, "CHECKING", "BACKING_UP:after-file:3", "DEPLOYING:after-journal",
               "DEPLOYING:after-rename:1", "DEPLOYING:after-remove:1", "DEPLOYING:after-switch",
               "TESTING", "FINALIZING:after-version");
  INFO("killed at " << point);
  ExampleSandbox box;
  const fs::path config = box.WritePlainConfig();
  const Tree old_release = testing::SnapshotTree(box.prod());
  const Tree new_managed = ManagedPart(testing::SnapshotTree(box.dev()));

  SubprocessOptions start =
      box.UaDeployOptions({"deploy", "--config", config.string(), "--detach"});
  start.env["UA_DEPLOY_FAULT"] = point + "=kill";
  auto started = Subprocess::Run(start);
  REQUIRE(started.ok());
  INFO(started->stderr_text);
  REQUIRE(started->exit.exit_code == 0);
  const std::string id = started->stdout_text.substr(0, started->stdout_text.find('\n'));

  // Follows the operation to its end: its process died, so it is interrupted (exit 1), and
  // this status has already recovered production.
  auto waited = box.RunUaDeploy({"status", "--config", config.string(), "--wait", id, "--json"});
  CHECK(waited.exit.exit_code == 1);
  json followed = json::parse(waited.stdout_text);
  CHECK(followed["operation"]["phase"] == "interrupted");
  json report = testing::StatusAfterRecovery(box, config);

  const Tree after = testing::SnapshotTree(box.prod());
  if (point == "FINALIZING:after-version") {
    CHECK(ManagedPart(after) == new_managed);
  } else {
    CHECK(after == old_release);
  }
  CHECK_FALSE(testing::HasStagingLeftovers(box.prod()));
  CHECK(NewestHistoryRecord(box)["outcome"] == "interrupted");
  CHECK(report["running"].empty());
}

TEST_CASE("A rollback killed halfway is finished by the next start", "[integration][crash]") {
  const std::string point = GENERATE(as<std::string>{}, "ROLLBACK", "ROLLBACK:after-restore:1",
                                     "ROLLBACK:after-restore:2");
  INFO("killed at " << point);
  ExampleSandbox box;
  const fs::path config = box.WritePlainConfig(
      {{"tests", json::array({{{"type", "command"}, {"command", {"false"}}}})}});
  const Tree old_release = testing::SnapshotTree(box.prod());

  testing::RunKilledAt(box, {"deploy", "--config", config.string(), "--json"}, point);
  testing::StatusAfterRecovery(box, config);
  CHECK(testing::SnapshotTree(box.prod()) == old_release);
  const json newest = NewestHistoryRecord(box);
  CHECK(newest["outcome"] == "interrupted");
  CHECK(newest["resolution"] == "rolled_back");
}

}  // namespace
}  // namespace ua
