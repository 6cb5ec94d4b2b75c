#include "base/schema_defaults.h"

#include <catch2/catch.hpp>

namespace ua {
namespace {

using nlohmann::json;

const json kSchema = json::parse(R"({
  "type": "object",
  "properties": {
    "dry_run": {"type": "boolean", "default": false},
    "message": {"type": "string", "default": ""},
    "retries": {"type": "integer", "default": 3},
    "version": {"type": "string"},
    "nested": {"type": "object", "properties": {"x": {"type": "integer", "default": 1}}}
  }
})");

TEST_CASE("Absent properties get the schema's defaults, present ones keep their value",
          "[base][schema_defaults]") {
  CHECK(WithSchemaDefaults(kSchema, json::object()) ==
        json{{"dry_run", false}, {"message", ""}, {"retries", 3}});
  CHECK(WithSchemaDefaults(kSchema, {{"dry_run", true}, {"version", "1.2.3"}}) ==
        json{{"dry_run", true}, {"message", ""}, {"retries", 3}, {"version", "1.2.3"}});
  // null is a value the caller sent (the schema check refuses it where it is not allowed).
  CHECK(WithSchemaDefaults(kSchema, {{"retries", nullptr}})["retries"].is_null());
}

TEST_CASE("Properties without a default stay absent, nested objects are not filled",
          "[base][schema_defaults]") {
  const json out = WithSchemaDefaults(kSchema, {{"nested", json::object()}});
  CHECK_FALSE(out.contains("version"));
  CHECK(out["nested"] == json::object());
}

TEST_CASE("What is not an object with properties is returned unchanged",
          "[base][schema_defaults]") {
  CHECK(WithSchemaDefaults(kSchema, json::array({1})) == json::array({1}));
  CHECK(WithSchemaDefaults(json{{"type", "object"}}, json::object()) == json::object());
  CHECK(WithSchemaDefaults(json(true), {{"a", 1}}) == json{{"a", 1}});
}

}  // namespace
}  // namespace ua
