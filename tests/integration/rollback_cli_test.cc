// Drives the real `ua-deploy rollback` on a private copy of the bundled example: list, dry
// run, restore, refusal of hostile ids, and undo through the safety backup; every --json
// output is checked against the tool's output schema.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sstream>

#include "base/json_schema.h"
#include "platform/subprocess.h"
#include "tests/support/example_sandbox.h"
#include "tests/support/mcp_test_client.h"

namespace ua {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::ExampleSandbox;
using testing::McpTestClient;
using testing::SnapshotTree;
using Tree = std::map<std::string, std::string>;

Tree WithoutVersion(Tree t) {
  t.erase("VERSION");
  return t;
}

json ParseValid(const SubprocessResult& run) {
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

TEST_CASE("ua_self_rollback over MCP is listed as destructive and refuses bad ids with isError",
          "[integration][rollback]") {
  ExampleSandbox box;
  const std::string config = box.config().string();
  REQUIRE(box.RunUaDeploy({"deploy", "--config", config, "--json"}).exit.success());
  const Tree deployed = SnapshotTree(box.prod());

  // Each answer is read before stdin closes: EOF ends a call's wait for its operation.
  auto client = McpTestClient::Start(UA_DEPLOY_BINARY, {"serve", "--config", config}, box.env());
  REQUIRE(client);
  REQUIRE(client->Initialize());
  std::map<int, json> responses;
  auto ask = [&](int id, const std::string& method, json params) {
    client->Send({{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", params}});
    auto response = client->ReadResponse(id, nullptr, std::chrono::seconds(60));
    REQUIRE(response);
    responses[id] = *response;
  };
  auto call = [&](int id, json arguments) {
    ask(id, "tools/call", {{"name", "ua_self_rollback"}, {"arguments", std::move(arguments)}});
  };
  ask(2, "tools/list", json::object());
  call(3, {{"backup_id", "../x"}});
  call(4, {{"backup_id", "20200101T000000.000Z"}});
  call(5, {{"list", true}});
  CHECK(client->WaitExit() == 0);
  REQUIRE(responses.count(2));
  bool listed = false;
  for (const auto& tool : responses[2]["result"]["tools"]) {
    if (tool["name"] != "ua_self_rollback") continue;
    listed = true;
    CHECK(tool["annotations"]["destructiveHint"] == true);
    CHECK(tool["annotations"]["readOnlyHint"] == false);
  }
  CHECK(listed);
  for (int id : {3, 4}) {
    INFO("call " << id);
    REQUIRE(responses.count(id));
    CHECK(responses[id]["result"]["isError"] == true);
  }
  CHECK_THAT(responses[4]["result"]["content"][0]["text"].get<std::string>(),
             Catch::Contains("no backup"));
  REQUIRE(responses.count(5));
  const json& result = responses[5]["result"];
  CHECK(result["isError"] == false);
  auto schema = JsonSchema::FromEmbedded("tools/ua_self_rollback.output");
  REQUIRE(schema.ok());
  CHECK((*schema)->Validate(result["structuredContent"]).empty());
  CHECK(result["structuredContent"]["backups"].size() == 1);
  CHECK(SnapshotTree(box.prod()) == deployed);
}

}  // namespace
}  // namespace ua
