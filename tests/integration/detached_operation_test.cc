// Deployments outlive the request: an MCP deploy or rollback runs in a process of its own, the
// call waits for it within a window, status follows it, an explicit stop rolls it back, and
// neither the client's cancel nor the server's death stops it. Driven through the real
// `ua-deploy serve` over pipes.
//
// A post-deploy test gates each long deployment: it tells the test that TESTING has begun
// (a line into one FIFO) and then waits until the test releases it (EOF on another FIFO), so
// "still running" and "now it may finish" are events, not guesses about time.
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "deploy_engine/state/layout.h"
#include "tests/support/example_sandbox.h"
#include "tests/support/mcp_test_client.h"
#include "tests/support/operation_gate.h"

namespace ua {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::ExampleSandbox;
using testing::Gate;
using testing::ManagedPart;
using testing::McpTestClient;
using testing::SnapshotTree;

class Session {
 public:
  Session(const ExampleSandbox& box, const fs::path& config,
          std::map<std::string, std::string> extra_env = {}) {
    auto env = box.env();
    env.insert(extra_env.begin(), extra_env.end());
    client_ = McpTestClient::Start(UA_DEPLOY_BINARY, {"serve", "--config", config.string()}, env);
    REQUIRE(client_);
    REQUIRE(client_->Initialize());
  }
  // The tools/call result ({content, structuredContent, isError}).
  json Call(const std::string& tool, json arguments) {
    const int id = next_id_++;
    client_->Send({{"jsonrpc", "2.0"},
                   {"id", id},
                   {"method", "tools/call"},
                   {"params", {{"name", tool}, {"arguments", std::move(arguments)}}}});
    auto response = client_->ReadResponse(id, nullptr, std::chrono::seconds(60));
    REQUIRE(response);
    REQUIRE(response->contains("result"));
    return (*response)["result"];
  }
  McpTestClient& client() { return *client_; }

 private:
  std::unique_ptr<McpTestClient> client_;
  int next_id_ = 1;
};

std::string Text(const json& result) { return result["content"][0]["text"].get<std::string>(); }

TEST_CASE("A deploy that outlives its wait window is followed through status to its result",
          "[integration][detached]") {
  ExampleSandbox box;
  Gate gate(box);
  const fs::path config = box.WritePlainConfig({{"tests", {gate.TestConfig()}}});
  Session s(box, config);

  json started = s.Call("ua_self_deploy", {{"wait_s", 0}});
  CHECK_FALSE(started.value("isError", false));
  const json& running = started["structuredContent"];
  CHECK(running["outcome"] == "running");
  const std::string id = running["deployment_id"];
  CHECK(id.rfind('d', 0) == 0);
  CHECK(Text(started).find("ua_self_status {\"deployment_id\": \"" + id + "\"") !=
        std::string::npos);

  gate.WaitEntered();
  json status = s.Call("ua_self_status", {{"deployment_id", id}});
  CHECK_FALSE(status.value("isError", false));
  const json& op = status["structuredContent"]["operation"];
  CHECK(op["phase"] == "running");
  CHECK(op["state"] == "TESTING");
  CHECK(op["pid"].get<int>() > 0);
  REQUIRE(status["structuredContent"]["running"].size() == 1);
  CHECK(status["structuredContent"]["running"][0]["deployment_id"] == id);

  gate.Release();
  json done = s.Call("ua_self_status", {{"deployment_id", id}, {"wait_s", 30}});
  CHECK_FALSE(done.value("isError", false));
  const json& finished = done["structuredContent"]["operation"];
  CHECK(finished["phase"] == "finished");
  CHECK(finished["result"]["outcome"] == "complete");
  CHECK(finished["result"]["deployment_id"] == id);
  CHECK(Text(done).find("Deployed v") != std::string::npos);
  CHECK(done["structuredContent"]["running"].empty());
  CHECK(ManagedPart(SnapshotTree(box.prod())) == ManagedPart(SnapshotTree(box.dev())));
}

TEST_CASE("A deploy goes on after its MCP server is killed, and a new server sees its result",
          "[integration][detached]") {
  ExampleSandbox box;
  Gate gate(box);
  const fs::path config = box.WritePlainConfig({{"tests", {gate.TestConfig()}}});
  std::string id;
  {
    Session first(box, config);
    json started = first.Call("ua_self_deploy", {{"wait_s", 0}});
    id = started["structuredContent"]["deployment_id"];
    gate.WaitEntered();
    REQUIRE(::kill(first.client().pid(), SIGKILL) == 0);
    CHECK(first.client().WaitExit() == 128 + SIGKILL);
  }
  gate.Release();
  Session second(box, config);
  json done = second.Call("ua_self_status", {{"deployment_id", id}, {"wait_s", 30}});
  CHECK(done["structuredContent"]["operation"]["result"]["outcome"] == "complete");
  CHECK(ManagedPart(SnapshotTree(box.prod())) == ManagedPart(SnapshotTree(box.dev())));
}

TEST_CASE("An explicit stop rolls a running deploy back, byte for byte",
          "[integration][detached]") {
  ExampleSandbox box;
  Gate gate(box);
  const fs::path config = box.WritePlainConfig({{"tests", {gate.TestConfig()}}});
  const auto before = SnapshotTree(box.prod());
  Session s(box, config);
  json started = s.Call("ua_self_deploy", {{"wait_s", 0}});
  const std::string id = started["structuredContent"]["deployment_id"];
  gate.WaitEntered();  // production is switched: the stop must roll it back

  json stop = s.Call("ua_self_deploy", {{"cancel", id}});
  CHECK_FALSE(stop.value("isError", false));
  CHECK(Text(stop).find("to stop at its next safe point") != std::string::npos);

  json done = s.Call("ua_self_status", {{"deployment_id", id}, {"wait_s", 30}});
  const json& result = done["structuredContent"]["operation"]["result"];
  CHECK(result["outcome"] == "rolled_back");
  CHECK(result["failure_reason"].get<std::string>().find("cancel") != std::string::npos);
  CHECK(SnapshotTree(box.prod()) == before);

  json again = s.Call("ua_self_deploy", {{"cancel", id}});
  CHECK_FALSE(again.value("isError", false));
  CHECK(Text(again).find("had already finished (rolled_back)") != std::string::npos);
}

TEST_CASE("A short deploy answers with its result in the same call", "[integration][detached]") {
  ExampleSandbox box;
  const fs::path config = box.WritePlainConfig();
  Session s(box, config);
  json done = s.Call("ua_self_deploy", json::object());
  CHECK_FALSE(done.value("isError", false));
  CHECK(done["structuredContent"]["outcome"] == "complete");
  CHECK(done["structuredContent"]["restart_required"] == false);
  CHECK(ManagedPart(SnapshotTree(box.prod())) == ManagedPart(SnapshotTree(box.dev())));
  json status = s.Call("ua_self_status", json::object());
  CHECK(status["structuredContent"]["running"].empty());
}

TEST_CASE("A deploy names the running copy of the old server that needs a restart",
          "[integration][detached]") {
  ExampleSandbox box;
  const fs::path config = box.WritePlainConfig();
  // The example server, started from production as a client would (stdin kept open).
  auto old_server = McpTestClient::Start("/usr/bin/python3", {(box.prod() / "server.py").string()});
  REQUIRE(old_server);
  REQUIRE(old_server->Initialize());
  Session s(box, config);
  json done = s.Call("ua_self_deploy", json::object());
  const json& out = done["structuredContent"];
  CHECK(out["outcome"] == "complete");
  CHECK(out["restart_required"] == true);
  bool named = false;
  for (const auto& p : out["restart"]["processes"]) {
    if (p["pid"] == old_server->pid()) named = true;
  }
  CHECK(named);
  CHECK(Text(done).find("pid " + std::to_string(old_server->pid())) != std::string::npos);
  CHECK(Text(done).find("restart it") != std::string::npos);
}

TEST_CASE("Follow-up arguments that make no sense are refused clearly", "[integration][detached]") {
  ExampleSandbox box;
  const fs::path config = box.WritePlainConfig();
  const auto before = SnapshotTree(box.prod());
  Session s(box, config);
  json malformed = s.Call("ua_self_status", {{"deployment_id", "../../etc"}});
  CHECK(malformed.value("isError", false));
  CHECK(Text(malformed).find("deployment_id") != std::string::npos);
  json unknown = s.Call("ua_self_status", {{"deployment_id", "d20200101T000000.000Z-abcd"}});
  CHECK(unknown.value("isError", false));
  CHECK(Text(unknown).find("no operation 'd20200101T000000.000Z-abcd' is known") !=
        std::string::npos);
  json negative = s.Call("ua_self_deploy", {{"wait_s", -1}});
  CHECK(negative.value("isError", false));
  CHECK(Text(negative).find("wait_s") != std::string::npos);
  json huge = s.Call("ua_self_status",
                     {{"deployment_id", "d20200101T000000.000Z-abcd"}, {"wait_s", 100000}});
  CHECK(huge.value("isError", false));
  CHECK(Text(huge).find("wait_s") != std::string::npos);
  json cancel_unknown = s.Call("ua_self_rollback", {{"cancel", "r20200101T000000.000Z-abcd"}});
  CHECK(cancel_unknown.value("isError", false));
  CHECK(SnapshotTree(box.prod()) == before);
}

TEST_CASE("A detached deploy killed mid-switch is recovered by the next command",
          "[integration][detached][crash]") {
  ExampleSandbox box;
  const fs::path config = box.WritePlainConfig();
  const auto before = SnapshotTree(box.prod());
  Session s(box, config, {{"UA_DEPLOY_FAULT", "DEPLOYING:after-rename:1=kill"}});
  json died = s.Call("ua_self_deploy", json::object());
  CHECK(died.value("isError", false));
  CHECK(Text(died).find("stopped without finishing") != std::string::npos);
  CHECK(fs::exists(engine::JournalPath(box.backup_dir())));
  // Any next command recovers first: production is the old release again.
  json status = s.Call("ua_self_status", json::object());
  CHECK_FALSE(status.value("isError", false));
  CHECK(ManagedPart(SnapshotTree(box.prod())) == ManagedPart(before));
  CHECK_FALSE(fs::exists(engine::JournalPath(box.backup_dir())));
}

TEST_CASE("The CLI detaches, follows and stops operations by id", "[integration][detached]") {
  ExampleSandbox box;
  Gate gate(box);
  const fs::path config = box.WritePlainConfig({{"tests", {gate.TestConfig()}}});
  auto detached = box.RunUaDeploy({"deploy", "--config", config.string(), "--detach"});
  REQUIRE(detached.exit.exit_code == 0);
  const std::string id = detached.stdout_text.substr(0, detached.stdout_text.find('\n'));
  REQUIRE(id.size() > 1);
  CHECK(id[0] == 'd');
  gate.WaitEntered();
  gate.Release();
  auto waited = box.RunUaDeploy({"status", "--config", config.string(), "--wait", id, "--json"});
  CHECK(waited.exit.exit_code == 0);
  auto result = json::parse(waited.stdout_text);
  CHECK(result["operation"]["result"]["outcome"] == "complete");
  auto cancel = box.RunUaDeploy({"cancel", "--config", config.string(), id});
  CHECK(cancel.exit.exit_code == 0);
  CHECK(cancel.stdout_text.find("had already finished (complete)") != std::string::npos);
  auto unknown = box.RunUaDeploy({"cancel", "--config", config.string(), "nope"});
  CHECK(unknown.exit.exit_code == 2);
  CHECK(unknown.stderr_text.find("is not a deployment id") != std::string::npos);
}

}  // namespace
}  // namespace ua
