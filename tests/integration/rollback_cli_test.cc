// Drives the real `ua-deploy rollback` on a private copy of the bundled example: list, dry
// run, restore, refusal of hostile ids, and undo through the safety backup; every --json
// output is checked against the tool's output schema.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "base/json_schema.h"
#include "deploy_engine/subprocess.h"
#include "tests/support/example_sandbox.h"

namespace ua {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::ExampleSandbox;
using testing::SnapshotTree;
using Tree = std::map<std::string, std::string>;

Tree WithoutVersion(Tree t) {
  t.erase("VERSION");
  return t;
}

json ParseValid(const engine::SubprocessResult& run) {
  INFO(run.stderr_text);
  json out = json::parse(run.stdout_text, nullptr, false);
  REQUIRE_FALSE(out.is_discarded());
  auto schema = JsonSchema::FromEmbedded("tools/ua_self_rollback.output");
  REQUIRE(schema.ok());
  const auto violations = (*schema)->Validate(out);
  for (const auto& v : violations) {
    INFO(v.path << ": " << v.message);
    CHECK(false);
  }
  return out;
}

TEST_CASE("rollback CLI lists restores refuses hostile ids and undoes on the example",
          "[integration][rollback]") {
  ExampleSandbox box;
  const std::string config = box.config().string();
  const Tree original = SnapshotTree(box.prod());

  auto deploy = box.RunUaDeploy({"deploy", "--config", config, "--json"});
  INFO(deploy.stdout_text << deploy.stderr_text);
  REQUIRE(deploy.exit.success());
  const Tree deployed = SnapshotTree(box.prod());
  REQUIRE(WithoutVersion(deployed) != WithoutVersion(original));

  auto list = box.RunUaDeploy({"rollback", "--config", config, "--list", "--json"});
  REQUIRE(list.exit.success());
  json listed = ParseValid(list);
  CHECK(listed["outcome"] == "listed");
  REQUIRE(listed["backups"].size() == 1);
  CHECK(listed["backups"][0]["version"] == "0.1.0");
  CHECK(listed["backups"][0]["deployment_outcome"] == "complete");
  CHECK(listed["backups"][0]["current"] == false);
  CHECK(listed["backups"][0]["damaged"] == false);

  auto dry = box.RunUaDeploy({"rollback", "--config", config, "--dry-run", "--json"});
  REQUIRE(dry.exit.success());
  CHECK(ParseValid(dry)["outcome"] == "dry_run");
  CHECK(SnapshotTree(box.prod()) == deployed);

  for (const std::string bad : {"../x", "/etc/passwd", "20200101T000000.000Z"}) {
    auto refused = box.RunUaDeploy({"rollback", "--config", config, "--to", bad});
    INFO(bad << ": " << refused.stderr_text);
    CHECK(refused.exit.exit_code == std::optional<int>(2));
    CHECK_FALSE(refused.stderr_text.empty());
  }
  CHECK(SnapshotTree(box.prod()) == deployed);

  auto rollback = box.RunUaDeploy({"rollback", "--config", config, "--json"});
  INFO(rollback.stdout_text << rollback.stderr_text);
  REQUIRE(rollback.exit.success());
  json rolled = ParseValid(rollback);
  CHECK(rolled["outcome"] == "complete");
  CHECK(rolled["verified"] == true);
  CHECK(rolled["version"] == "0.1.0");
  CHECK(rolled["restored_backup_id"] == listed["backups"][0]["backup_id"]);
  REQUIRE(rolled["tests"].size() == 1);
  CHECK(rolled["tests"][0]["passed"] == true);
  CHECK(WithoutVersion(SnapshotTree(box.prod())) == WithoutVersion(original));

  auto text = box.RunUaDeploy({"rollback", "--config", config, "--list"});
  REQUIRE(text.exit.success());
  CHECK_THAT(text.stdout_text, Catch::Contains("<- production"));
  CHECK_THAT(text.stdout_text, Catch::Contains("safety"));

  auto undo = box.RunUaDeploy(
      {"rollback", "--config", config, "--to", rolled["safety_backup_id"].get<std::string>()});
  INFO(undo.stdout_text << undo.stderr_text);
  REQUIRE(undo.exit.success());
  CHECK_THAT(undo.stdout_text, Catch::StartsWith("Rolled back to v0.1.1 (backup "));
  CHECK_THAT(undo.stdout_text, Catch::Contains("restored and verified. Tests passed."));
  CHECK(WithoutVersion(SnapshotTree(box.prod())) == WithoutVersion(deployed));

  auto status = box.RunUaDeploy({"status", "--config", config, "--json"});
  REQUIRE(status.exit.success());
  json st = json::parse(status.stdout_text);
  CHECK(st["production"]["version"] == "0.1.1");
  CHECK(st["interrupted"] == false);
}

}  // namespace
}  // namespace ua
