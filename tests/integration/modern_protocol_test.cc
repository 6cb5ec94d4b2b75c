// MCP revision 2026-07-28 on the wire of the real `ua-deploy serve`: the per-request envelope
// and its errors, server/discover, results with resultType and serverInfo, per-request log
// levels, and deploys as tasks (tasks/get, tasks/cancel, from a later process too). The
// confirmation flows have their own file (confirmation_protocol_test.cc).
#include <signal.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "deploy_engine/state/layout.h"
#include "tests/support/example_sandbox.h"
#include "tests/support/modern_client.h"
#include "tests/support/operation_gate.h"

namespace ua {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::ExampleSandbox;
using testing::Gate;
using testing::ManagedPart;
using testing::ModernClient;
using testing::SnapshotTree;

const json kTasks = {{"extensions", {{"io.modelcontextprotocol/tasks", json::object()}}}};

int ErrorCode(const json& response) {
  REQUIRE(response.contains("error"));
  return response["error"]["code"].get<int>();
}

std::string ErrorMessage(const json& response) {
  REQUIRE(response.contains("error"));
  return response["error"]["message"].get<std::string>();
}

TEST_CASE("server/discover answers a fresh process, and one that saw initialize",
          "[integration][protocol][modern]") {
  ExampleSandbox box;
  ModernClient fresh(box, box.WritePlainConfig());
  json discover = fresh.Request("server/discover", json::object());
  REQUIRE(discover.contains("result"));
  const json& r = discover["result"];
  CHECK(r["resultType"] == "complete");
  CHECK(r["supportedVersions"] == json::array({"2026-07-28"}));
  CHECK(r["capabilities"]["tools"].is_object());
  CHECK(r["capabilities"]["extensions"]["io.modelcontextprotocol/tasks"] == json::object());
  CHECK(r["_meta"]["io.modelcontextprotocol/serverInfo"]["name"] == "ua-deploy");
  CHECK(r["ttlMs"].is_number_integer());
  CHECK(r["cacheScope"] == "public");
  CHECK(r["instructions"].get<std::string>().find("ua_self_status") != std::string::npos);

  ModernClient legacy_first(box, box.WritePlainConfig());
  REQUIRE(legacy_first.client().Initialize());
  json again = legacy_first.Request("server/discover", json::object());
  CHECK(again["result"]["supportedVersions"] == json::array({"2026-07-28"}));
}

TEST_CASE("A broken 2026 envelope is refused with the key it lacks, and the server goes on",
          "[integration][protocol][modern]") {
  ExampleSandbox box;
  ModernClient c(box, box.WritePlainConfig());
  const std::string version_key = "io.modelcontextprotocol/protocolVersion";
  const std::string caps_key = "io.modelcontextprotocol/clientCapabilities";

  json no_meta = c.RequestRaw("server/discover", json::object());
  CHECK(ErrorCode(no_meta) == -32602);
  CHECK(ErrorMessage(no_meta).find("_meta") != std::string::npos);

  json no_caps = c.RequestRaw("tools/list", {{"_meta", {{version_key, "2026-07-28"}}}});
  CHECK(ErrorCode(no_caps) == -32602);
  CHECK(ErrorMessage(no_caps).find(caps_key) != std::string::npos);

  json caps_not_object = c.RequestRaw(
      "tools/list", {{"_meta", {{version_key, "2026-07-28"}, {caps_key, json::array()}}}});
  CHECK(ErrorCode(caps_not_object) == -32602);
  CHECK(ErrorMessage(caps_not_object).find("must be an object") != std::string::npos);

  json version_not_string =
      c.RequestRaw("server/discover", {{"_meta", {{version_key, 20260728}, {caps_key, {}}}}});
  CHECK(ErrorCode(version_not_string) == -32602);
  CHECK(ErrorMessage(version_not_string).find(version_key) != std::string::npos);

  json unsupported = c.RequestRaw(
      "tools/list", {{"_meta", {{version_key, "2099-01-01"}, {caps_key, json::object()}}}});
  CHECK(ErrorCode(unsupported) == -32022);
  CHECK(unsupported["error"]["data"]["supported"] == json::array({"2026-07-28"}));
  CHECK(unsupported["error"]["data"]["requested"] == "2099-01-01");

  json bad_level = c.Request("tools/list", json::object(), json::object(), "loud");
  CHECK(ErrorCode(bad_level) == -32602);
  CHECK(ErrorMessage(bad_level).find("logLevel") != std::string::npos);

  json fine = c.Request("tools/list", json::object());
  CHECK(fine["result"]["tools"].size() == 3);
}

TEST_CASE("initialize, ping and logging/setLevel do not exist in 2026-07-28",
          "[integration][protocol][modern]") {
  ExampleSandbox box;
  ModernClient c(box, box.WritePlainConfig());
  for (const char* method : {"initialize", "ping", "logging/setLevel"}) {
    INFO(method);
    json response = c.Request(method, {{"protocolVersion", "2025-11-25"}, {"level", "info"}});
    CHECK(ErrorCode(response) == -32601);
    CHECK(ErrorMessage(response).find("2026-07-28") != std::string::npos);
  }
  // The same process still serves the 2025 era through initialize.
  REQUIRE(c.client().Initialize());
}

TEST_CASE("2026 tools/list and tools/call carry resultType, serverInfo and cache hints",
          "[integration][protocol][modern]") {
  ExampleSandbox box;
  ModernClient c(box, box.WritePlainConfig());
  json list = c.Request("tools/list", json::object());
  const json& r = list["result"];
  CHECK(r["resultType"] == "complete");
  CHECK(r["ttlMs"].is_number_integer());
  CHECK(r["cacheScope"] == "public");
  CHECK(r["_meta"]["io.modelcontextprotocol/serverInfo"]["name"] == "ua-deploy");
  CHECK(r["tools"][0]["name"] == "ua_self_status");

  json status = c.Call("ua_self_status", json::object(), json::object());
  CHECK(status["result"]["resultType"] == "complete");
  CHECK(status["result"]["isError"] == false);
  CHECK(status["result"]["structuredContent"]["profile"] == "unified-agents");
  CHECK_FALSE(status["result"].contains("ttlMs"));

  json bad_args = c.Call("ua_self_status", {{"profile", 42}}, json::object());
  CHECK(ErrorCode(bad_args) == -32602);
  CHECK(ErrorMessage(bad_args).find("/profile") != std::string::npos);
  json unknown = c.Call("ua_self_nothing", json::object(), json::object());
  CHECK(ErrorCode(unknown) == -32602);
}

TEST_CASE("Log records reach only the 2026 request that asked, before its response",
          "[integration][protocol][modern]") {
  ExampleSandbox box;
  ModernClient c(box, box.WritePlainConfig());
  std::vector<json> before;
  json quiet = c.Call("ua_self_deploy", {{"dry_run", true}}, json::object(), {}, &before);
  CHECK(quiet["result"]["structuredContent"]["outcome"] == "dry_run");
  for (const json& m : before) CHECK(m.value("method", "") != "notifications/message");

  std::vector<json> logged;
  json loud = c.Call("ua_self_deploy", {{"dry_run", true}}, json::object(), "info", &logged);
  CHECK(loud["result"]["structuredContent"]["outcome"] == "dry_run");
  int messages = 0;
  for (const json& m : logged) {
    if (m.value("method", "") != "notifications/message") continue;
    ++messages;
    CHECK(m["params"]["level"] == "info");
  }
  CHECK(messages > 0);

  std::vector<json> errors_only;
  c.Call("ua_self_deploy", {{"dry_run", true}}, json::object(), "error", &errors_only);
  for (const json& m : errors_only) CHECK(m.value("method", "") != "notifications/message");
}

TEST_CASE("A deploy from a client with Tasks is a task that a later server reports completed",
          "[integration][protocol][modern][tasks]") {
  ExampleSandbox box;
  Gate gate(box);
  const fs::path config = box.WritePlainConfig({{"tests", {gate.TestConfig()}}});
  std::string task_id;
  {
    ModernClient first(box, config);
    json created = first.Call("ua_self_deploy", json::object(), kTasks);
    const json& task = created["result"];
    CHECK(task["resultType"] == "task");
    CHECK(task["status"] == "working");
    CHECK(task["ttlMs"].is_number_integer());
    CHECK(task["pollIntervalMs"].is_number_integer());
    CHECK(task["createdAt"].is_string());
    CHECK(task["lastUpdatedAt"].is_string());
    task_id = task["taskId"];
    // Unguessable: 128 random bits after the profile.
    CHECK(task_id.size() == std::string("unified-agents:").size() + 32);
    CHECK(fs::exists(engine::TaskRecordPath(box.backup_dir(), task_id)));

    gate.WaitEntered();
    json working = first.Request("tasks/get", {{"taskId", task_id}}, kTasks);
    CHECK(working["result"]["resultType"] == "complete");
    CHECK(working["result"]["status"] == "working");
    CHECK(working["result"]["statusMessage"].get<std::string>().find("TESTING") !=
          std::string::npos);
    REQUIRE(::kill(first.client().pid(), SIGKILL) == 0);
  }
  gate.Release();
  ModernClient second(box, config);
  const std::string id = testing::DeploymentOfTask(box.backup_dir(), task_id);
  const json finished = second.WaitForOperation(id);
  json done = second.Request("tasks/get", {{"taskId", task_id}}, kTasks);
  const json& t = done["result"];
  CHECK(t["status"] == "completed");
  CHECK(t["result"]["resultType"] == "complete");
  CHECK(t["result"]["isError"] == false);
  CHECK(t["result"]["structuredContent"]["outcome"] == "complete");
  CHECK(t["result"]["structuredContent"]["deployment_id"] == id);
  CHECK(t["result"]["structuredContent"] == finished);
  CHECK(ManagedPart(SnapshotTree(box.prod())) == ManagedPart(SnapshotTree(box.dev())));
}

TEST_CASE("tasks/cancel stops a deploy task and leaves production as it was",
          "[integration][protocol][modern][tasks]") {
  ExampleSandbox box;
  Gate gate(box);
  const fs::path config = box.WritePlainConfig({{"tests", {gate.TestConfig()}}});
  const auto before = SnapshotTree(box.prod());
  ModernClient c(box, config);
  json created = c.Call("ua_self_deploy", json::object(), kTasks);
  const std::string task_id = created["result"]["taskId"];
  gate.WaitEntered();  // production is switched: the stop must roll it back
  json ack = c.Request("tasks/cancel", {{"taskId", task_id}}, kTasks);
  CHECK(ack["result"]["resultType"] == "complete");
  c.WaitForOperation(testing::DeploymentOfTask(box.backup_dir(), task_id));
  json got = c.Request("tasks/get", {{"taskId", task_id}}, kTasks);
  CHECK(got["result"]["status"] == "cancelled");
  CHECK(SnapshotTree(box.prod()) == before);
}

TEST_CASE("Without the Tasks extension a deploy answers plainly and tasks/* are refused",
          "[integration][protocol][modern][tasks]") {
  ExampleSandbox box;
  ModernClient c(box, box.WritePlainConfig());
  json plain = c.Call("ua_self_deploy", json::object(), json::object());
  CHECK(plain["result"]["resultType"] == "complete");
  CHECK(plain["result"]["structuredContent"]["outcome"] == "complete");
  CHECK_FALSE(plain["result"].contains("taskId"));

  json refused = c.Request("tasks/get", {{"taskId", "unified-agents:0123"}}, json::object());
  CHECK(ErrorCode(refused) == -32021);
  CHECK(refused["error"]["data"]["requiredCapabilities"]["extensions"].contains(
      "io.modelcontextprotocol/tasks"));

  // Dry runs stay plain results even when the client could take a task.
  json preview = c.Call("ua_self_deploy", {{"dry_run", true}}, kTasks);
  CHECK(preview["result"]["resultType"] == "complete");
}

TEST_CASE("Unknown, forged and malformed task ids are invalid params",
          "[integration][protocol][modern][tasks]") {
  ExampleSandbox box;
  ModernClient c(box, box.WritePlainConfig());
  for (const json& id :
       {json("nope"), json("unified-agents:" + std::string(32, '0')),
        json("../../etc:" + std::string(32, 'a')), json("ghost:" + std::string(32, 'b'))}) {
    INFO(id.dump());
    for (const char* method : {"tasks/get", "tasks/cancel"}) {
      json response = c.Request(method, {{"taskId", id}}, kTasks);
      CHECK(ErrorCode(response) == -32602);
      CHECK(ErrorMessage(response).find("unknown or expired task") != std::string::npos);
    }
  }
  CHECK(ErrorCode(c.Request("tasks/get", {{"taskId", 7}}, kTasks)) == -32602);
  CHECK(ErrorCode(c.Request("tasks/update", {{"taskId", "x"}}, kTasks)) == -32602);
}

}  // namespace
}  // namespace ua
