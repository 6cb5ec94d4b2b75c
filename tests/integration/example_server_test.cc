// The example Python MCP server (examples/unified-agents/{dev,prod}) speaks MCP over stdio
// as the post-deploy mcp_handshake test expects, and the example config and VERSION file
// satisfy the schemas ua-deploy embeds. Runs on a copy of examples/ in a temp dir.
#include <filesystem>
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "base/json_schema.h"
#include "tests/support/mcp_test_client.h"
#include "tests/support/temp_dir.h"

namespace ua::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

fs::path CopyExamples(const TempDir& dir) {
  fs::path copy = dir / "examples";
  fs::copy(fs::path(UA_SOURCE_DIR) / "examples", copy, fs::copy_options::recursive);
  return copy;
}

json ReadJsonFile(const fs::path& file) {
  json doc = json::parse(ReadFileOrDie(file), nullptr, /*allow_exceptions=*/false);
  REQUIRE_FALSE(doc.is_discarded());
  return doc;
}

std::unique_ptr<McpTestClient> StartExample(const fs::path& tree) {
  // posix_spawn does not search PATH; env does, so any python3 on PATH works.
  auto client = McpTestClient::Start("/usr/bin/env", {"python3", (tree / "server.py").string()});
  REQUIRE(client != nullptr);
  return client;
}

json Request(McpTestClient& client, const std::string& id, const std::string& method, json params) {
  REQUIRE(client.Send({{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", params}}));
  auto reply = client.ReadResponse(id);
  REQUIRE(reply.has_value());
  return *reply;
}

TEST_CASE("example server: handshake, tools and clean exit in both trees",
          "[integration][example]") {
  TempDir dir;
  fs::path examples = CopyExamples(dir);
  for (const char* tree_name : {"dev", "prod"}) {
    INFO("tree " << tree_name);
    fs::path tree = examples / "unified-agents" / tree_name;
    auto client = StartExample(tree);

    auto init = client->Initialize("2025-11-25");
    REQUIRE(init.has_value());
    CHECK((*init)["result"]["protocolVersion"] == "2025-11-25");
    CHECK((*init)["result"]["serverInfo"]["name"] == "unified-agents");

    json list = Request(*client, "list", "tools/list", json::object());
    const json& tools = list["result"]["tools"];
    REQUIRE(tools.size() == 3);
    CHECK_FALSE(list["result"].contains("nextCursor"));

    json call = Request(*client, "call", "tools/call",
                        {{"name", "list_agents"}, {"arguments", json::object()}});
    const json& result = call["result"];
    CHECK_FALSE(result.value("isError", false));
    CHECK(result["structuredContent"]["agents"] == ReadJsonFile(tree / "agents.json")["agents"]);
    for (const json& tool : tools) {
      CHECK(tool["inputSchema"]["type"] == "object");
      if (tool["name"] != "list_agents") continue;
      auto schema = JsonSchema::Parse(tool["outputSchema"]);
      REQUIRE(schema.ok());
      CHECK(DescribeViolations(schema.value()->Validate(result["structuredContent"])) == "");
    }

    REQUIRE(client->WaitExit() == std::optional<int>(0));
    for (const std::string& line : client->lines()) {
      CHECK_FALSE(json::parse(line, nullptr, false).is_discarded());
    }
  }
}

TEST_CASE("example server: negotiates each supported revision and falls back to the newest",
          "[integration][example]") {
  TempDir dir;
  fs::path prod = CopyExamples(dir) / "unified-agents" / "prod";
  for (const char* version : {"2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"}) {
    auto client = StartExample(prod);
    auto init = client->Initialize(version);
    REQUIRE(init.has_value());
    CHECK((*init)["result"]["protocolVersion"] == version);
  }
  auto client = StartExample(prod);
  auto init = client->Initialize("1999-01-01");
  REQUIRE(init.has_value());
  CHECK((*init)["result"]["protocolVersion"] == "2025-11-25");
  CHECK((*init)["result"]["serverInfo"]["version"] == "0.1.0");
}

TEST_CASE("example config and production VERSION satisfy the embedded schemas",
          "[integration][example]") {
  fs::path examples = fs::path(UA_SOURCE_DIR) / "examples";
  auto config_schema = JsonSchema::FromEmbedded("config.schema");
  REQUIRE(config_schema.ok());
  CHECK(DescribeViolations(
            config_schema.value()->Validate(ReadJsonFile(examples / "config.json"))) == "");
  auto version_schema = JsonSchema::FromEmbedded("version.schema");
  REQUIRE(version_schema.ok());
  CHECK(DescribeViolations(
            (*version_schema)
                ->Validate(ReadJsonFile(examples / "unified-agents" / "prod" / "VERSION"))) == "");
}

}  // namespace
}  // namespace ua::testing
