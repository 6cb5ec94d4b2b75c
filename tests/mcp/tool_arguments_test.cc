#include "mcp/tool_arguments.h"

#include <catch2/catch.hpp>

namespace ua::mcp {
namespace {

using nlohmann::json;

std::shared_ptr<const JsonSchema> Schema() {
  auto schema = JsonSchema::Parse(json::parse(R"({
    "type": "object",
    "properties": {
      "dry_run": {"type": "boolean", "default": false},
      "wait_s": {"type": "integer", "minimum": 0},
      "to": {"type": "string", "x-cli-flag": "--to"}
    },
    "additionalProperties": false})"));
  REQUIRE(schema.ok());
  return *schema;
}

TEST_CASE("Valid arguments come back completed with the schema's defaults", "[mcp][arguments]") {
  auto schema = Schema();
  auto empty = PrepareToolArguments(*schema, json::object());
  REQUIRE(empty.ok());
  CHECK(*empty == json{{"dry_run", false}});
  auto given = PrepareToolArguments(*schema, {{"dry_run", true}, {"wait_s", 5}});
  REQUIRE(given.ok());
  CHECK(*given == json{{"dry_run", true}, {"wait_s", 5}});
}

TEST_CASE("Invalid arguments are kInvalidArgument naming the path and the expected type",
          "[mcp][arguments]") {
  auto schema = Schema();
  auto wrong = PrepareToolArguments(*schema, {{"wait_s", "ten"}});
  REQUIRE_FALSE(wrong.ok());
  CHECK(wrong.status().code() == StatusCode::kInvalidArgument);
  CHECK_THAT(wrong.status().message(), Catch::StartsWith("Invalid arguments: /wait_s: "));
  CHECK_THAT(wrong.status().message(), Catch::Contains("integer"));
  auto unknown = PrepareToolArguments(*schema, {{"force", true}});
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.status().message().find("Invalid arguments: ") == 0);
}

}  // namespace
}  // namespace ua::mcp
