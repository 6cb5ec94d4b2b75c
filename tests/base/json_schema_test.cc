#include "base/json_schema.h"

#include <catch2/catch.hpp>

#include "base/embedded_schemas.h"

namespace ua {
namespace {

using nlohmann::json;

TEST_CASE("JsonSchema reports the path and the rule of a violation", "[base][schema]") {
  auto schema = JsonSchema::Parse(json::parse(R"({
    "type": "object",
    "properties": {"a": {"type": "object", "properties": {"n": {"type": "integer"}}}},
    "required": ["a"]
  })"));
  REQUIRE(schema.ok());
  CHECK((*schema)->Validate(json::parse(R"({"a": {"n": 3}})")).empty());
  auto v = (*schema)->Validate(json::parse(R"({"a": {"n": "three"}})"));
  REQUIRE_FALSE(v.empty());
  CHECK(v.front().path == "/a/n");
  CHECK(v.front().message.find("type") != std::string::npos);
  auto missing = (*schema)->Validate(json::object());
  REQUIRE_FALSE(missing.empty());
  CHECK(DescribeViolations(missing).find("a") != std::string::npos);
}

TEST_CASE("Violation paths are JSON pointers, with '/' and '~' in keys escaped", "[base][schema]") {
  auto schema = JsonSchema::Parse(json::parse(R"({
    "type": "object", "additionalProperties": {"type": "integer"}})"));
  REQUIRE(schema.ok());
  auto v = (*schema)->Validate(json::parse(R"({"a/b~c": "x"})"));
  REQUIRE_FALSE(v.empty());
  CHECK(v.front().path == "/a~1b~0c");
  CHECK(JsonPointerToken("a/b~c") == "a~1b~0c");
}

TEST_CASE("A broken schema is a status, not an abort", "[base][schema]") {
  auto schema = JsonSchema::Parse(json::parse(R"({"type": 42})"));
  CHECK_FALSE(schema.ok());
}

TEST_CASE("Every embedded schema parses", "[base][schema]") {
  REQUIRE_FALSE(EmbeddedSchemaNames().empty());
  for (auto name : EmbeddedSchemaNames()) {
    INFO(name);
    CHECK(JsonSchema::FromEmbedded(name).ok());
  }
}

}  // namespace
}  // namespace ua
