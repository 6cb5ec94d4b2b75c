#include "tools/cli_options.h"

#include <map>

#include <catch2/catch.hpp>

#include "base/json_schema.h"
#include "mcp/tool_arguments.h"
#include "tools/tool_schemas.h"

namespace ua::tools {
namespace {

using nlohmann::json;

// flag -> option, for the options of a real tool.
std::map<std::string, CliOption> OptionsOf(const std::string& tool) {
  auto schema = ToolInputSchema(tool);
  REQUIRE(schema.ok());
  auto options = CliOptionsFor(*schema);
  INFO(options.status().ToString());
  REQUIRE(options.ok());
  std::map<std::string, CliOption> out;
  for (const CliOption& o : *options) out[o.flag] = o;
  return out;
}

std::vector<std::string> Flags(const std::map<std::string, CliOption>& options) {
  std::vector<std::string> flags;
  for (const auto& [flag, option] : options) flags.push_back(flag);
  return flags;
}

TEST_CASE("Every tool argument is an option spelled from its name, with its description",
          "[tools][cli_options]") {
  auto deploy = OptionsOf("ua_self_deploy");
  CHECK(Flags(deploy) ==
        std::vector<std::string>{"--diff", "--dry-run", "--message", "--profile", "--version"});
  CHECK(deploy["--dry-run"].property == "dry_run");
  CHECK_FALSE(deploy["--dry-run"].takes_value());
  CHECK(deploy["--version"].takes_value());
  auto schema = ToolInputSchema("ua_self_deploy");
  REQUIRE(schema.ok());
  CHECK(deploy["--message"].help == (*schema)["properties"]["message"]["description"]);

  auto status = OptionsOf("ua_self_status");
  // wait_s says "x-cli": false: `status --wait ID` follows an operation to its end instead.
  CHECK(Flags(status) ==
        std::vector<std::string>{"--check-health", "--deployment-id", "--diff", "--profile"});
  CHECK_FALSE(status["--check-health"].takes_value());
}

TEST_CASE("rollback's backup_id keeps its --to spelling from x-cli-flag", "[tools][cli_options]") {
  auto rollback = OptionsOf("ua_self_rollback");
  CHECK(Flags(rollback) ==
        std::vector<std::string>{"--dry-run", "--list", "--profile", "--to", "--version"});
  CHECK(rollback["--to"].property == "backup_id");
  CHECK(rollback["--to"].takes_value());
}

TEST_CASE("x-cli false hides a property and what the command line cannot spell is refused",
          "[tools][cli_options]") {
  auto hidden = CliOptionsFor(json::parse(R"({"type": "object", "properties": {
      "wait_s": {"type": "integer", "description": "Seconds to wait."},
      "paths": {"type": "array", "items": {"type": "string"}, "x-cli": false}}})"));
  REQUIRE(hidden.ok());
  REQUIRE(hidden->size() == 1);
  CHECK((*hidden)[0].flag == "--wait-s");
  CHECK((*hidden)[0].type == "integer");
  CHECK((*hidden)[0].help == "Seconds to wait.");

  for (const char* bad : {R"({"properties": {"paths": {"type": "array"}}})",
                          R"({"properties": {"a": {"type": ["string", "null"]}}})",
                          R"({"properties": {"a": {"type": "string", "x-cli-flag": "-a"}}})",
                          R"({"properties": {"a": {"type": "string", "x-cli-flag": "--A b"}}})",
                          R"({"properties": {"a": {"type": "string", "x-cli": "no"}}})",
                          R"({"properties": {"a_b": {"type": "string"}, "c": {"type": "string",
               "x-cli-flag": "--a-b"}}})"}) {
    auto refused = CliOptionsFor(json::parse(bad));
    INFO(bad);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.status().code() == StatusCode::kInternal);
  }
}

TEST_CASE("An option's text becomes the JSON value an MCP client would send",
          "[tools][cli_options]") {
  const CliOption integer{.property = "wait_s", .flag = "--wait-s", .type = "integer", .help = ""};
  const CliOption text{.property = "version", .flag = "--version", .type = "string", .help = ""};
  CHECK(CliOptionValue(integer, "10") == json(10));
  CHECK(CliOptionValue(integer, "abc") == json("abc"));
  CHECK(CliOptionValue(integer, "1.5") == json(1.5));
  CHECK(CliOptionValue(text, "10") == json("10"));
  CHECK_FALSE(CliOptionValue(text, "").has_value());
}

TEST_CASE("A value of the wrong type is refused by the schema, in the MCP call's words",
          "[tools][cli_options]") {
  auto schema = JsonSchema::Parse(
      json::parse(R"({"type": "object", "properties": {"wait_s": {"type": "integer"}}})"));
  REQUIRE(schema.ok());
  auto options = CliOptionsFor((*schema)->document());
  REQUIRE(options.ok());
  REQUIRE(options->size() == 1);
  const CliOption& wait = (*options)[0];

  auto refused =
      mcp::PrepareToolArguments(**schema, {{wait.property, *CliOptionValue(wait, "soon")}});
  REQUIRE_FALSE(refused.ok());
  CHECK_THAT(refused.status().message(), Catch::StartsWith("Invalid arguments: /wait_s: "));
  CHECK(mcp::PrepareToolArguments(**schema, {{wait.property, *CliOptionValue(wait, "30")}}).ok());
}

}  // namespace
}  // namespace ua::tools
