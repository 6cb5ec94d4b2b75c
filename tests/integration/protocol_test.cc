// Drives ua-deploy-test-server over pipes and checks the MCP / JSON-RPC behaviour a client
// sees on the wire. Read deadlines only guard against a hung server.
#include <map>

#include <catch2/catch.hpp>

#include "tests/support/mcp_test_client.h"

namespace ua::testing {
namespace {

using nlohmann::json;

std::unique_ptr<McpTestClient> StartServer(const std::vector<std::string>& args = {}) {
  auto client = McpTestClient::Start(UA_TEST_SERVER_BINARY, args);
  REQUIRE(client);
  return client;
}

std::unique_ptr<McpTestClient> StartInitialized(const std::string& version = "2025-11-25") {
  auto client = StartServer();
  auto init = client->Initialize(version);
  REQUIRE(init);
  REQUIRE((*init)["result"]["protocolVersion"] == version);
  return client;
}

json Request(const json& id, const std::string& method, json params = json::object()) {
  return {{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", std::move(params)}};
}

json Notification(const std::string& method, json params = json::object()) {
  return {{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}};
}

json Call(const json& id, const std::string& tool, json arguments, json progress_token = nullptr) {
  json params = {{"name", tool}, {"arguments", std::move(arguments)}};
  if (!progress_token.is_null()) params["_meta"] = {{"progressToken", progress_token}};
  return Request(id, "tools/call", std::move(params));
}

int ErrorCode(const std::optional<json>& response) {
  REQUIRE(response);
  REQUIRE(response->contains("error"));
  return (*response)["error"]["code"].get<int>();
}

bool IsProgress(const json& m) { return m.value("method", "") == "notifications/progress"; }

// Every stdout line must be one JSON-RPC 2.0 message (or a batch answer of them).
void CheckStdoutIsJsonRpc(const McpTestClient& client) {
  for (const std::string& line : client.lines()) {
    INFO(line);
    json value = json::parse(line, nullptr, false);
    REQUIRE_FALSE(value.is_discarded());
    json messages = value.is_array() ? value : json::array({value});
    for (const json& m : messages) {
      CHECK(m["jsonrpc"] == "2.0");
      CHECK((m.contains("method") || m.contains("result") || m.contains("error")));
      if (m.contains("id")) CHECK((m["id"].is_string() || m["id"].is_number_integer()));
    }
  }
}

TEST_CASE("initialize negotiates the revision and advertises tools and logging",
          "[integration][protocol]") {
  for (const char* version : {"2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"}) {
    auto client = StartInitialized(version);
    CHECK(client->WaitExit() == 0);
  }
  auto client = StartServer();
  auto init = client->Initialize("1999-01-01");
  REQUIRE(init);
  const json& result = (*init)["result"];
  CHECK(result["protocolVersion"] == "2025-11-25");
  CHECK(result["capabilities"] == json{{"tools", json::object()}, {"logging", json::object()}});
  CHECK(result["serverInfo"]["name"] == "ua-deploy-test-server");
  CHECK(result["serverInfo"].contains("version"));

  client->Send(Request(2, "initialize", {{"protocolVersion", "2025-11-25"}}));
  CHECK(ErrorCode(client->ReadJson()) == -32600);
  CHECK(client->WaitExit() == 0);
  CheckStdoutIsJsonRpc(*client);
}

TEST_CASE("ids of both types are echoed exactly including 0", "[integration][protocol]") {
  auto client = StartInitialized();
  for (const json& id : {json(0), json(-5), json("0"), json("abc"), json(9007199254740993LL)}) {
    client->Send(Request(id, "ping"));
    auto response = client->ReadJson();
    REQUIRE(response);
    CHECK((*response)["id"].dump() == id.dump());
    CHECK((*response)["result"] == json::object());
  }
  CHECK(client->WaitExit() == 0);
}

TEST_CASE("protocol errors carry the right codes", "[integration][protocol]") {
  auto client = StartServer();

  SECTION("before initialize") {
    client->SendLine("{not json");
    auto parse_error = client->ReadJson();
    CHECK(ErrorCode(parse_error) == -32700);
    CHECK_FALSE(parse_error->contains("id"));

    client->Send(Request("server-discover-probe-1", "server/discover"));
    // server/discover is of the 2026 era: without its envelope it is malformed, not unknown.
    auto discover = client->ReadJson();
    CHECK(ErrorCode(discover) == -32602);
    CHECK((*discover)["error"]["message"].get<std::string>().find("_meta") != std::string::npos);
    CHECK((*discover)["id"] == "server-discover-probe-1");

    client->Send(Request(1, "tools/list"));
    auto early = client->ReadJson();
    CHECK(ErrorCode(early) == -32600);
    CHECK((*early)["id"] == 1);
    CHECK((*early)["error"]["message"].get<std::string>().find("initialize") != std::string::npos);

    client->Send(Request(2, "ping"));
    CHECK((*client->ReadJson())["result"] == json::object());

    client->Send(Request(3, "initialize", {{"capabilities", json::object()}}));
    CHECK(ErrorCode(client->ReadJson()) == -32602);
  }

  SECTION("after initialize") {
    REQUIRE(client->Initialize());

    client->SendLine(R"({"jsonrpc":"2.0","id":null,"method":"ping"})");
    auto null_id = client->ReadJson();
    CHECK(ErrorCode(null_id) == -32600);
    CHECK_FALSE(null_id->contains("id"));

    client->SendLine(R"({"id":5,"method":"ping"})");
    auto no_version = client->ReadJson();
    CHECK(ErrorCode(no_version) == -32600);
    CHECK((*no_version)["id"] == 5);

    client->Send(Request(6, "resources/list"));
    CHECK(ErrorCode(client->ReadJson()) == -32601);

    client->Send(Request(7, "tools/call", {{"name", "no_such_tool"}}));
    auto unknown = client->ReadJson();
    CHECK(ErrorCode(unknown) == -32602);
    CHECK((*unknown)["id"] == 7);

    client->Send(Request(8, "tools/list", {{"cursor", "not-a-cursor"}}));
    CHECK(ErrorCode(client->ReadJson()) == -32602);

    client->Send(Request(9, "tools/call", {{"name", "test_echo"}, {"arguments", "text"}}));
    CHECK(ErrorCode(client->ReadJson()) == -32602);

    client->Send(Request(10, "logging/setLevel", {{"level", "verbose"}}));
    CHECK(ErrorCode(client->ReadJson()) == -32602);

    client->SendLine("[1,2]");
    auto batch = client->ReadJson();
    CHECK(ErrorCode(batch) == -32600);
    CHECK_FALSE(batch->contains("id"));
  }
  CHECK(client->WaitExit() == 0);
  CheckStdoutIsJsonRpc(*client);
}

TEST_CASE("a notification gets no reply", "[integration][protocol]") {
  auto client = StartInitialized();
  client->Send(Notification("notifications/initialized"));
  client->Send(Notification("notifications/some_unknown_notification"));
  client->Send(Notification("notifications/cancelled", {{"requestId", 12345}}));
  client->SendLine(R"({"jsonrpc":"2.0","method":"ping"})");
  client->Send(Request("after", "ping"));
  auto next = client->ReadJson();
  REQUIRE(next);
  CHECK((*next)["id"] == "after");
  CHECK(client->WaitExit() == 0);
}

TEST_CASE("tools/list paginates with an opaque cursor", "[integration][protocol]") {
  auto client = StartServer({"--page-size", "2"});
  REQUIRE(client->Initialize());
  std::vector<std::string> names;
  json cursor;
  int pages = 0;
  for (;;) {
    json params = json::object();
    if (!cursor.is_null()) params["cursor"] = cursor;
    client->Send(Request(pages, "tools/list", params));
    auto response = client->ReadJson();
    REQUIRE(response);
    REQUIRE(response->contains("result"));
    ++pages;
    for (const json& tool : (*response)["result"]["tools"]) {
      names.push_back(tool["name"]);
      CHECK(tool["inputSchema"]["type"] == "object");
      CHECK(tool["description"].is_string());
    }
    if (!(*response)["result"].contains("nextCursor")) break;
    cursor = (*response)["result"]["nextCursor"];
    REQUIRE(cursor.is_string());
  }
  CHECK(pages == 3);
  CHECK(names == std::vector<std::string>{"test_wait", "test_echo", "test_progress", "test_throw",
                                          "test_bad_output", "test_stray_stdout"});
  CHECK(client->WaitExit() == 0);
}

TEST_CASE("tools/call validates arguments and results", "[integration][protocol]") {
  auto client = StartInitialized();

  client->Send(Call(1, "test_echo", {{"text", "hi"}, {"count", 2}, {"flag", true}}));
  auto ok = client->ReadResponse(1);
  REQUIRE(ok);
  const json& result = (*ok)["result"];
  CHECK(result["isError"] == false);
  CHECK(result["structuredContent"] == json{{"text", "hi"}, {"count", 2}, {"flag", true}});
  REQUIRE(result["content"].size() == 2);
  CHECK(result["content"][0]["type"] == "text");
  CHECK(json::parse(result["content"][1]["text"].get<std::string>()) ==
        result["structuredContent"]);

  client->Send(Call(2, "test_echo", {{"text", "hi"}, {"count", 2}, {"flag", "yes"}}));
  auto bad = client->ReadResponse(2);
  REQUIRE(bad);
  CHECK((*bad)["result"]["isError"] == true);
  std::string text = (*bad)["result"]["content"][0]["text"];
  CHECK(text.find("Invalid arguments") != std::string::npos);
  CHECK(text.find("/flag: expected true or false, got \"yes\"") != std::string::npos);

  client->Send(Request(3, "tools/call", {{"name", "test_echo"}}));
  auto missing = client->ReadResponse(3);
  REQUIRE(missing);
  CHECK((*missing)["result"]["isError"] == true);
  CHECK((*missing)["result"]["content"][0]["text"].get<std::string>().find("text") !=
        std::string::npos);

  client->Send(Call(4, "test_throw", json::object()));
  auto thrown = client->ReadResponse(4);
  REQUIRE(thrown);
  CHECK((*thrown)["result"]["isError"] == true);

  client->Send(Call(5, "test_bad_output", json::object()));
  auto bad_output = client->ReadResponse(5);
  REQUIRE(bad_output);
  CHECK((*bad_output)["result"]["isError"] == true);
  CHECK_FALSE((*bad_output)["result"].contains("structuredContent"));
  CHECK((*bad_output)["result"]["content"][0]["text"].get<std::string>().find("outputSchema") !=
        std::string::npos);

  client->Send(Request(6, "ping"));
  CHECK((*client->ReadJson())["id"] == 6);
  CHECK(client->WaitExit() == 0);
  CheckStdoutIsJsonRpc(*client);
}

TEST_CASE("ping is answered while a tool call runs and a cancelled call gets no response",
          "[integration][protocol]") {
  auto client = StartInitialized();
  client->Send(Call("wait-1", "test_wait", {{"max_seconds", 60}}, 1));
  auto started = client->ReadJson();
  REQUIRE(started);
  REQUIRE(IsProgress(*started));
  CHECK((*started)["params"]["progressToken"] == 1);

  client->Send(Request("ping-1", "ping"));
  auto pong = client->ReadJson();
  REQUIRE(pong);
  CHECK((*pong)["id"] == "ping-1");

  client->Send(Notification("notifications/cancelled", {{"requestId", "wait-1"}}));
  client->Send(Request("ping-2", "ping"));
  auto next = client->ReadJson();
  REQUIRE(next);
  CHECK((*next)["id"] == "ping-2");

  // The worker is free again (the cancelled call returned) and "wait-1" never got a response.
  client->Send(Call("echo", "test_echo", {{"text", "x"}, {"count", 1}}));
  std::vector<json> skipped;
  auto echo = client->ReadResponse("echo", &skipped);
  REQUIRE(echo);
  CHECK(skipped.empty());
  CHECK(client->WaitExit() == 0);
  for (const std::string& line : client->lines()) {
    CHECK(line.find("\"id\":\"wait-1\"") == std::string::npos);
  }
}

TEST_CASE("bad arguments are answered at once while another tool call runs",
          "[integration][protocol]") {
  auto client = StartInitialized();
  client->Send(Call("wait-1", "test_wait", {{"max_seconds", 300}}, 1));
  auto started = client->ReadJson();
  REQUIRE(started);
  REQUIRE(IsProgress(*started));

  // test_wait holds the worker for 300 s; the answer must not wait for it.
  client->Send(Call("bad-1", "test_echo", {{"text", "x"}, {"count", "two"}}));
  auto bad = client->ReadJson();
  REQUIRE(bad);
  CHECK((*bad)["id"] == "bad-1");
  CHECK((*bad)["result"]["isError"] == true);
  CHECK((*bad)["result"]["content"][0]["text"].get<std::string>().find(
            "/count: expected an integer >= 0, got \"two\"") != std::string::npos);

  // A bad call reusing the running call's id is still refused as a duplicate id.
  client->Send(Call("wait-1", "test_echo", {{"text", "x"}}));
  CHECK(ErrorCode(client->ReadJson()) == -32600);

  client->Send(Notification("notifications/cancelled", {{"requestId", "wait-1"}}));
  client->Send(Request("ping-1", "ping"));
  auto pong = client->ReadJson();
  REQUIRE(pong);
  CHECK((*pong)["id"] == "ping-1");
  CHECK(client->WaitExit() == 0);
  CheckStdoutIsJsonRpc(*client);
}

TEST_CASE("progress echoes the token type and only increases", "[integration][protocol]") {
  for (const json& token : {json(42), json("tok-42")}) {
    auto client = StartInitialized();
    client->Send(Call(1, "test_progress", {{"steps", 5}}, token));
    std::vector<json> notes;
    auto response = client->ReadResponse(1, &notes);
    REQUIRE(response);
    CHECK((*response)["result"]["isError"] == false);
    REQUIRE(notes.size() == 5);
    double last = 0;
    for (const json& n : notes) {
      REQUIRE(IsProgress(n));
      CHECK(n["params"]["progressToken"].dump() == token.dump());
      CHECK(n["params"]["progress"].get<double>() > last);
      last = n["params"]["progress"].get<double>();
    }
    CHECK(client->WaitExit() == 0);
  }

  auto client = StartInitialized();
  client->Send(Call(2, "test_progress", {{"steps", 3}}));
  std::vector<json> notes;
  REQUIRE(client->ReadResponse(2, &notes));
  CHECK(notes.empty());
  CHECK(client->WaitExit() == 0);
}

TEST_CASE("batches are accepted only under 2025-03-26", "[integration][protocol]") {
  const json batch =
      json::array({Request(1, "ping"), Notification("notifications/x"),
                   Call(2, "test_echo", {{"text", "b"}, {"count", 0}}), Request(3, "no/such")});
  SECTION("2025-03-26") {
    auto client = StartInitialized("2025-03-26");
    client->Send(batch);
    auto answer = client->ReadJson();
    REQUIRE(answer);
    REQUIRE(answer->is_array());
    REQUIRE(answer->size() == 3);
    std::map<int, json> by_id;
    for (const json& r : *answer) by_id[r["id"].get<int>()] = r;
    CHECK(by_id[1]["result"] == json::object());
    CHECK(by_id[2]["result"]["structuredContent"]["text"] == "b");
    CHECK(by_id[3]["error"]["code"] == -32601);

    client->SendLine("[]");
    auto empty = client->ReadJson();
    CHECK(ErrorCode(empty) == -32600);
    CHECK(client->WaitExit() == 0);
    CheckStdoutIsJsonRpc(*client);
  }
  SECTION("2025-11-25") {
    auto client = StartInitialized("2025-11-25");
    client->Send(batch);
    auto answer = client->ReadJson();
    CHECK(ErrorCode(answer) == -32600);
    CHECK(client->WaitExit() == 0);
  }
}

TEST_CASE("logging/setLevel gates notifications/message", "[integration][protocol]") {
  auto client = StartInitialized();
  client->Send(Call(1, "test_echo", {{"text", "unset"}, {"count", 1}}));
  std::vector<json> before;
  REQUIRE(client->ReadResponse(1, &before));
  CHECK(before.empty());

  client->Send(Request(2, "logging/setLevel", {{"level", "error"}}));
  CHECK((*client->ReadJson())["result"] == json::object());
  client->Send(Call(3, "test_echo", {{"text", "quiet"}, {"count", 1}}));
  std::vector<json> below;
  REQUIRE(client->ReadResponse(3, &below));
  CHECK(below.empty());

  client->Send(Request(4, "logging/setLevel", {{"level", "info"}}));
  CHECK((*client->ReadJson())["result"] == json::object());
  client->Send(Call(5, "test_echo", {{"text", "loud"}, {"count", 1}}));
  std::vector<json> logged;
  REQUIRE(client->ReadResponse(5, &logged));
  REQUIRE(logged.size() == 1);
  CHECK(logged[0]["method"] == "notifications/message");
  CHECK(logged[0]["params"]["level"] == "info");
  CHECK(logged[0]["params"]["logger"] == "test_server");
  CHECK(logged[0]["params"]["data"] == "test_echo: loud");
  CHECK(client->WaitExit() == 0);
}

TEST_CASE("stray writes to fd 1 never reach the protocol stream", "[integration][protocol]") {
  auto client = StartInitialized();
  client->Send(Call(1, "test_stray_stdout", json::object()));
  auto response = client->ReadJson();
  REQUIRE(response);
  CHECK((*response)["id"] == 1);
  CHECK((*response)["result"]["content"][0]["text"] == "Wrote.");
  CHECK(client->WaitExit() == 0);
  CheckStdoutIsJsonRpc(*client);
}

TEST_CASE("stdin EOF ends the session with exit code 0", "[integration][protocol]") {
  SECTION("idle, before initialize") {
    auto client = StartServer();
    CHECK(client->WaitExit() == 0);
    CHECK(client->lines().empty());
  }
  SECTION("while test_wait runs: the stop token fires and the response is still written") {
    auto client = StartInitialized();
    client->Send(Call(1, "test_wait", {{"max_seconds", 300}}, "p"));
    auto started = client->ReadJson();
    REQUIRE(started);
    REQUIRE(IsProgress(*started));
    const auto begin = McpTestClient::Clock::now();
    CHECK(client->WaitExit(std::chrono::seconds(5)) == 0);
    CHECK(McpTestClient::Clock::now() - begin < std::chrono::seconds(5));
    REQUIRE_FALSE(client->lines().empty());
    json last = json::parse(client->lines().back());
    CHECK(last["id"] == 1);
    CHECK(last["result"]["structuredContent"]["cancelled"] == true);
    CheckStdoutIsJsonRpc(*client);
  }
}

}  // namespace
}  // namespace ua::testing
