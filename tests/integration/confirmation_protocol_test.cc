// A person confirms before production changes (profile option "confirm": true), on the wire
// of the real `ua-deploy serve`: the 2026-07-28 input_required round trip with its sealed
// requestState, the same question inside a task (tasks/update), and the 2025 era's
// server-to-client elicitation/create. Every refusal leaves production untouched.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "tests/support/example_sandbox.h"
#include "tests/support/mcp_test_client.h"
#include "tests/support/modern_client.h"

namespace ua {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::ExampleSandbox;
using testing::ManagedPart;
using testing::McpTestClient;
using testing::ModernClient;
using testing::SnapshotTree;

const json kElicitation = {{"elicitation", {{"form", json::object()}}}};
const json kElicitationAndTasks = {
    {"elicitation", json::object()},
    {"extensions", {{"io.modelcontextprotocol/tasks", json::object()}}}};

json Answer(const std::string& action, bool approve) {
  json answer = {{"action", action}};
  if (action == "accept") answer["content"] = {{"approve", approve}};
  return answer;
}

std::string Text(const json& result) { return result["content"][0]["text"].get<std::string>(); }

// The requestState with one hex digit of its body changed.
std::string Tampered(std::string state) {
  const size_t at = state.find('.') + 5;
  state[at] = state[at] == 'a' ? 'b' : 'a';
  return state;
}

struct ConfirmBox {
  ExampleSandbox box;
  fs::path config = box.WritePlainConfig({{"confirm", true}});
  testing::Tree before = SnapshotTree(box.prod());

  bool Untouched() const { return SnapshotTree(box.prod()) == before; }
  bool Deployed() const {
    return ManagedPart(SnapshotTree(box.prod())) == ManagedPart(SnapshotTree(box.dev()));
  }
};

TEST_CASE("2026: the question shows the change, and accept deploys exactly once",
          "[integration][protocol][modern][confirm]") {
  ConfirmBox t;
  ModernClient c(t.box, t.config);
  json asked = c.Call("ua_self_deploy", json::object(), kElicitation);
  const json& r = asked["result"];
  REQUIRE(r["resultType"] == "input_required");
  CHECK_FALSE(r.contains("ttlMs"));
  const json& form = r["inputRequests"]["confirm"];
  CHECK(form["method"] == "elicitation/create");
  CHECK(form["params"]["mode"] == "form");
  const std::string message = form["params"]["message"];
  CHECK(message.find("Profile unified-agents") != std::string::npos);
  CHECK(message.find("-> v") != std::string::npos);
  CHECK(message.find("modified") != std::string::npos);
  CHECK(form["params"]["requestedSchema"]["properties"]["approve"]["type"] == "boolean");
  const std::string state = r["requestState"];
  CHECK(t.Untouched());

  json declined = c.Call(
      "ua_self_deploy", json::object(), kElicitation, {}, nullptr,
      {{"inputResponses", {{"confirm", Answer("decline", false)}}}, {"requestState", state}});
  CHECK(declined["result"]["isError"] == true);
  CHECK(Text(declined["result"]).find("Not approved") != std::string::npos);
  CHECK(t.Untouched());

  json unticked =
      c.Call("ua_self_deploy", json::object(), kElicitation, {}, nullptr,
             {{"inputResponses", {{"confirm", Answer("accept", false)}}}, {"requestState", state}});
  CHECK(Text(unticked["result"]).find("Not approved") != std::string::npos);
  CHECK(t.Untouched());

  json forged = c.Call("ua_self_deploy", json::object(), kElicitation, {}, nullptr,
                       {{"inputResponses", {{"confirm", Answer("accept", true)}}},
                        {"requestState", Tampered(state)}});
  CHECK(forged["result"]["isError"] == true);
  CHECK(Text(forged["result"]).find("Confirmation refused") != std::string::npos);
  CHECK(t.Untouched());

  json other_call =
      c.Call("ua_self_deploy", {{"message", "something else"}}, kElicitation, {}, nullptr,
             {{"inputResponses", {{"confirm", Answer("accept", true)}}}, {"requestState", state}});
  CHECK(Text(other_call["result"]).find("different call") != std::string::npos);
  CHECK(t.Untouched());

  json accepted =
      c.Call("ua_self_deploy", json::object(), kElicitation, {}, nullptr,
             {{"inputResponses", {{"confirm", Answer("accept", true)}}}, {"requestState", state}});
  CHECK(accepted["result"]["resultType"] == "complete");
  CHECK(accepted["result"]["structuredContent"]["outcome"] == "complete");
  CHECK(t.Deployed());

  json replayed =
      c.Call("ua_self_deploy", json::object(), kElicitation, {}, nullptr,
             {{"inputResponses", {{"confirm", Answer("accept", true)}}}, {"requestState", state}});
  CHECK(replayed["result"]["isError"] == true);
  CHECK(Text(replayed["result"]).find("already used") != std::string::npos);
}

TEST_CASE("2026: a plan that changed since the question is asked again",
          "[integration][protocol][modern][confirm]") {
  ConfirmBox t;
  ModernClient c(t.box, t.config);
  json asked = c.Call("ua_self_deploy", json::object(), kElicitation);
  const std::string state = asked["result"]["requestState"];
  std::ofstream(t.box.dev() / "server.py", std::ios::app) << "# edited after the question\n";
  json again =
      c.Call("ua_self_deploy", json::object(), kElicitation, {}, nullptr,
             {{"inputResponses", {{"confirm", Answer("accept", true)}}}, {"requestState", state}});
  REQUIRE(again["result"]["resultType"] == "input_required");
  CHECK(again["result"]["inputRequests"]["confirm"]["params"]["message"].get<std::string>().find(
            "The plan changed") != std::string::npos);
  CHECK(again["result"]["requestState"] != state);
  CHECK(t.Untouched());
}

TEST_CASE("2026: a client without elicitation is told how to confirm instead",
          "[integration][protocol][modern][confirm]") {
  ConfirmBox t;
  ModernClient c(t.box, t.config);
  json refused = c.Call("ua_self_deploy", json::object(), json::object());
  REQUIRE(refused.contains("error"));
  CHECK(refused["error"]["code"] == -32021);
  CHECK(refused["error"]["data"]["requiredCapabilities"].contains("elicitation"));
  const std::string message = refused["error"]["message"];
  CHECK(message.find("ua-deploy deploy --profile unified-agents") != std::string::npos);
  CHECK(message.find("\"confirm\": false") != std::string::npos);
  CHECK(t.Untouched());
  // A preview needs no confirmation.
  json preview = c.Call("ua_self_deploy", {{"dry_run", true}}, json::object());
  CHECK(preview["result"]["structuredContent"]["outcome"] == "dry_run");
}

TEST_CASE("2026 with Tasks: the task waits for the answer, tasks/update starts or ends it",
          "[integration][protocol][modern][confirm][tasks]") {
  ConfirmBox t;
  ModernClient c(t.box, t.config);

  json declined_task = c.Call("ua_self_deploy", json::object(), kElicitationAndTasks);
  REQUIRE(declined_task["result"]["resultType"] == "task");
  const std::string declined_id = declined_task["result"]["taskId"];
  CHECK(declined_task["result"]["status"] == "input_required");
  json waiting = c.Request("tasks/get", {{"taskId", declined_id}}, kElicitationAndTasks);
  CHECK(waiting["result"]["status"] == "input_required");
  REQUIRE(waiting["result"]["inputRequests"].contains("confirm-1"));
  json ack = c.Request(
      "tasks/update",
      {{"taskId", declined_id}, {"inputResponses", {{"confirm-1", Answer("decline", false)}}}},
      kElicitationAndTasks);
  CHECK(ack["result"]["resultType"] == "complete");
  json ended = c.Request("tasks/get", {{"taskId", declined_id}}, kElicitationAndTasks);
  CHECK(ended["result"]["status"] == "completed");
  CHECK(ended["result"]["result"]["isError"] == true);
  CHECK(Text(ended["result"]["result"]).find("Not approved") != std::string::npos);
  CHECK(t.Untouched());

  json task = c.Call("ua_self_deploy", json::object(), kElicitationAndTasks);
  const std::string id = task["result"]["taskId"];
  c.Request("tasks/update",
            {{"taskId", id}, {"inputResponses", {{"confirm-1", Answer("accept", true)}}}},
            kElicitationAndTasks);
  c.WaitForOperation(testing::DeploymentOfTask(t.box.backup_dir(), id));
  json done = c.Request("tasks/get", {{"taskId", id}}, kElicitationAndTasks);
  CHECK(done["result"]["status"] == "completed");
  CHECK(done["result"]["result"]["structuredContent"]["outcome"] == "complete");
  CHECK(t.Deployed());
}

// The 2025 era: initialize with (or without) the elicitation capability.
std::unique_ptr<McpTestClient> Legacy(const ConfirmBox& t, bool elicitation,
                                      const std::string& version = "2025-11-25") {
  auto client =
      McpTestClient::Start(UA_DEPLOY_BINARY, {"serve", "--config", t.config.string()}, t.box.env());
  REQUIRE(client);
  json capabilities = elicitation ? json{{"elicitation", json::object()}} : json::object();
  client->Send({{"jsonrpc", "2.0"},
                {"id", "init"},
                {"method", "initialize"},
                {"params",
                 {{"protocolVersion", version},
                  {"capabilities", capabilities},
                  {"clientInfo", {{"name", "legacy-test"}, {"version", "1"}}}}}});
  REQUIRE(client->ReadResponse("init"));
  client->Send({{"jsonrpc", "2.0"}, {"method", "notifications/initialized"}});
  return client;
}

json LegacyDeploy(McpTestClient& client, int id) {
  client.Send({{"jsonrpc", "2.0"},
               {"id", id},
               {"method", "tools/call"},
               {"params", {{"name", "ua_self_deploy"}, {"arguments", json::object()}}}});
  return json(id);
}

TEST_CASE("2025: the server asks with elicitation/create and honours the answer",
          "[integration][protocol][confirm]") {
  ConfirmBox t;
  auto client = Legacy(t, /*elicitation=*/true);
  for (const char* action : {"decline", "cancel"}) {
    INFO(action);
    LegacyDeploy(*client, 1);
    auto ask = client->ReadUntil(
        [](const json& m) { return m.value("method", "") == "elicitation/create"; }, nullptr,
        std::chrono::seconds(60));
    REQUIRE(ask);
    CHECK((*ask)["params"]["message"].get<std::string>().find("Profile unified-agents") !=
          std::string::npos);
    client->Send({{"jsonrpc", "2.0"}, {"id", (*ask)["id"]}, {"result", Answer(action, false)}});
    auto response = client->ReadResponse(1, nullptr, std::chrono::seconds(60));
    REQUIRE(response);
    CHECK((*response)["result"]["isError"] == true);
    CHECK(Text((*response)["result"]).find("Not approved") != std::string::npos);
    CHECK(t.Untouched());
  }

  LegacyDeploy(*client, 2);
  auto ask =
      client->ReadUntil([](const json& m) { return m.value("method", "") == "elicitation/create"; },
                        nullptr, std::chrono::seconds(60));
  REQUIRE(ask);
  client->Send({{"jsonrpc", "2.0"}, {"id", (*ask)["id"]}, {"result", Answer("accept", true)}});
  auto response = client->ReadResponse(2, nullptr, std::chrono::seconds(60));
  REQUIRE(response);
  CHECK((*response)["result"]["structuredContent"]["outcome"] == "complete");
  CHECK(t.Deployed());
}

TEST_CASE("2025: a client that cannot be asked is told how to confirm",
          "[integration][protocol][confirm]") {
  ConfirmBox t;
  // No elicitation declared; or declared in a revision that has no elicitation.
  for (const auto& [elicitation, version] :
       {std::pair{false, "2025-11-25"}, std::pair{true, "2025-03-26"}}) {
    INFO(version);
    auto client = Legacy(t, elicitation, version);
    LegacyDeploy(*client, 1);
    auto response = client->ReadResponse(1, nullptr, std::chrono::seconds(60));
    REQUIRE(response);
    CHECK((*response)["result"]["isError"] == true);
    const std::string text = Text((*response)["result"]);
    CHECK(text.find("cannot show a form") != std::string::npos);
    CHECK(text.find("--yes") != std::string::npos);
    CHECK(t.Untouched());
  }
}

}  // namespace
}  // namespace ua
