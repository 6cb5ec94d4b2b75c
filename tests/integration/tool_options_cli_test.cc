// The real `ua-deploy` command line, whose tool options are generated from the tools' input
// schemas: the spellings and help texts come from the schema, and a bad value is refused by the
// schema check with the words an MCP client gets for the same arguments, exit code 2.
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "platform/subprocess.h"
#include "tests/support/example_sandbox.h"
#include "tools/tool_schemas.h"

namespace ua {
namespace {

using nlohmann::json;
using testing::ExampleSandbox;
using testing::SnapshotTree;

std::string Description(const std::string& tool, const std::string& property) {
  auto schema = tools::ToolInputSchema(tool);
  REQUIRE(schema.ok());
  return (*schema)["properties"][property]["description"].get<std::string>();
}

// The text of the isError result `ua-deploy serve` gives for tools/call `tool` `arguments`.
std::string McpErrorText(const ExampleSandbox& box, const std::string& tool,
                         const json& arguments) {
  const std::vector<json> session = {{{"jsonrpc", "2.0"},
                                      {"id", 1},
                                      {"method", "initialize"},
                                      {"params",
                                       {{"protocolVersion", "2025-11-25"},
                                        {"capabilities", json::object()},
                                        {"clientInfo", {{"name", "cli-test"}, {"version", "1"}}}}}},
                                     {{"jsonrpc", "2.0"}, {"method", "notifications/initialized"}},
                                     {{"jsonrpc", "2.0"},
                                      {"id", 2},
                                      {"method", "tools/call"},
                                      {"params", {{"name", tool}, {"arguments", arguments}}}}};
  SubprocessOptions options = box.UaDeployOptions({"serve", "--config", box.config().string()});
  for (const json& message : session) options.stdin_bytes += message.dump() + "\n";
  auto run = Subprocess::Run(options);
  REQUIRE(run.ok());
  INFO(run->stdout_text << run->stderr_text);
  REQUIRE(run->exit.success());
  std::istringstream lines(run->stdout_text);
  for (std::string line; std::getline(lines, line);) {
    const json message = json::parse(line, nullptr, false);
    if (!message.is_object() || message.value("id", json()) != json(2)) continue;
    REQUIRE(message["result"]["isError"] == true);
    return message["result"]["content"][0]["text"].get<std::string>();
  }
  FAIL("no response to the tools/call");
  return "";
}

TEST_CASE("The CLI's tool options are spelled and explained by the tools' schemas",
          "[integration][cli]") {
  ExampleSandbox box;
  auto rollback = box.RunUaDeploy({"rollback", "--help"});
  REQUIRE(rollback.exit.success());
  for (const char* flag : {"--to", "--version", "--list", "--dry-run", "--profile", "--json"}) {
    CHECK_THAT(rollback.stdout_text, Catch::Contains(flag));
  }
  CHECK_THAT(rollback.stdout_text, !Catch::Contains("--backup-id"));
  // CLI11 may wrap long help texts; the first words are on the option's line.
  CHECK_THAT(rollback.stdout_text,
             Catch::Contains(Description("ua_self_rollback", "backup_id").substr(0, 30)));

  auto status = box.RunUaDeploy({"status", "--help"});
  REQUIRE(status.exit.success());
  CHECK_THAT(status.stdout_text, Catch::Contains("--check-health"));
  CHECK_THAT(status.stdout_text,
             Catch::Contains(Description("ua_self_status", "check_health").substr(0, 30)));

  auto deploy = box.RunUaDeploy({"deploy", "--help"});
  REQUIRE(deploy.exit.success());
  for (const char* flag : {"--dry-run", "--version", "--message", "--profile", "--json"}) {
    CHECK_THAT(deploy.stdout_text, Catch::Contains(flag));
  }
}

TEST_CASE("A bad --version is refused by the schema with the MCP call's message, exit 2",
          "[integration][cli]") {
  ExampleSandbox box;
  const auto before = SnapshotTree(box.root());
  auto refused = box.RunUaDeploy({"deploy", "--config", box.config().string(), "--version", "1.2"});
  INFO(refused.stdout_text << refused.stderr_text);
  CHECK(refused.exit.exit_code == std::optional<int>(2));
  CHECK(refused.stdout_text.empty());
  const std::string prefix = "ua-deploy deploy: ";
  REQUIRE_THAT(refused.stderr_text, Catch::StartsWith(prefix + "Invalid arguments: /version: "));
  REQUIRE(refused.stderr_text.back() == '\n');
  const std::string message =
      refused.stderr_text.substr(prefix.size(), refused.stderr_text.size() - prefix.size() - 1);
  CHECK(SnapshotTree(box.root()) == before);
  CHECK_THAT(McpErrorText(box, "ua_self_deploy", {{"version", "1.2"}}),
             Catch::StartsWith(message + ". "));

  auto hostile = box.RunUaDeploy({"rollback", "--config", box.config().string(), "--to", "../x"});
  CHECK(hostile.exit.exit_code == std::optional<int>(2));
  CHECK_THAT(hostile.stderr_text,
             Catch::StartsWith("ua-deploy rollback: Invalid arguments: /backup_id: "));
}

TEST_CASE("Flags and values given on the CLI reach the tool as MCP arguments would",
          "[integration][cli]") {
  ExampleSandbox box;
  const auto before = SnapshotTree(box.prod());
  auto dry = box.RunUaDeploy({"deploy", "--config", box.config().string(), "--dry-run", "--version",
                              "0.2.0", "--message", "preview", "--json"});
  INFO(dry.stderr_text);
  REQUIRE(dry.exit.success());
  const json out = json::parse(dry.stdout_text);
  CHECK(out["outcome"] == "dry_run");
  CHECK(out["version"] == "0.2.0");
  CHECK(SnapshotTree(box.prod()) == before);
}

}  // namespace
}  // namespace ua
