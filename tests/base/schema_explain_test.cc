#include "base/schema_explain.h"

#include <catch2/catch.hpp>

namespace ua {
namespace {

using nlohmann::json;

std::vector<SchemaFinding> Explain(const std::string& schema_text, const json& document,
                                   const ExplainOptions& options = {}) {
  const json schema = json::parse(schema_text);
  auto compiled = JsonSchema::Parse(schema);
  REQUIRE(compiled.ok());
  return ExplainViolations(schema, document, (*compiled)->Validate(document), options);
}

std::vector<std::string> Lines(const std::vector<SchemaFinding>& findings) {
  std::vector<std::string> out;
  for (const SchemaFinding& f : findings) out.push_back(FormatFinding(f));
  return out;
}

constexpr char kProfile[] = R"({
  "type": "object",
  "required": ["source"],
  "additionalProperties": false,
  "properties": {
    "source": {"type": "string", "minLength": 1, "description": "development tree"},
    "keep_backups": {"type": "integer", "minimum": 1, "description": "backups kept"},
    "exclude": {"type": "array", "items": {"type": "string"}},
    "dry_run": {"type": "boolean", "default": false}
  }
})";

TEST_CASE("A valid document has no findings", "[base][schema_explain]") {
  CHECK(Explain(kProfile, {{"source", "dev"}, {"keep_backups", 3}}).empty());
}

TEST_CASE("Each problem is phrased from the schema, in document order", "[base][schema_explain]") {
  auto findings = Explain(kProfile, {{"keep_backups", -3}, {"dry_run", "yes"}, {"excludes", 1}});
  CHECK(Lines(findings) ==
        std::vector<std::string>{
            "(root): missing required key \"source\"",
            "/dry_run: expected true or false, got \"yes\"; fix the value, or remove the key to "
            "use the default (false)",
            "/excludes: unknown key \"excludes\"; did you mean \"exclude\"?",
            "/keep_backups: expected an integer >= 1 (backups kept), got -3; fix the value, or "
            "remove the key to use the default"});
}

TEST_CASE("A required key has no 'remove it' hint; an unknown key lists the known ones",
          "[base][schema_explain]") {
  CHECK(Lines(Explain(kProfile, {{"source", 1}, {"color", "red"}})) ==
        std::vector<std::string>{
            "/color: unknown key \"color\"; remove it or fix its spelling (known keys here: "
            "dry_run, exclude, keep_backups, source)",
            "/source: expected a non-empty string (development tree), got 1"});
}

TEST_CASE("Array items and nested objects are named by their JSON pointer",
          "[base][schema_explain]") {
  CHECK(Lines(Explain(kProfile, {{"source", "dev"}, {"exclude", {"a", 7, {{"x", 1}}}}})) ==
        std::vector<std::string>{"/exclude/1: expected a string, got 7",
                                 "/exclude/2: expected a string, got an object with 1 entry"});
}

TEST_CASE("Options: strings can be named instead of quoted, descriptions left out",
          "[base][schema_explain]") {
  ExplainOptions options;
  options.quote_strings = false;
  options.descriptions = false;
  CHECK(
      Lines(Explain(kProfile, {{"source", "dev"}, {"keep_backups", "hunter2"}}, options)) ==
      std::vector<std::string>{"/keep_backups: expected an integer >= 1, got a string of 7 "
                               "characters; fix the value, or remove the key to use the default"});
}

TEST_CASE("Bounds are stated in words", "[base][schema_explain]") {
  const std::string schema = R"({"type": "object", "required": ["a", "b", "c", "d", "e"],
    "properties": {
      "a": {"type": "string", "maxLength": 3},
      "b": {"type": "integer", "minimum": 0, "maximum": 4095},
      "c": {"type": "array", "minItems": 2, "items": {"type": "integer"}},
      "d": {"type": "array", "uniqueItems": true},
      "e": {"type": "number", "exclusiveMinimum": 0, "multipleOf": 0.5}}})";
  CHECK(
      Lines(Explain(schema, {{"a", "abcd"}, {"b", 4096}, {"c", {1}}, {"d", {1, 1}}, {"e", 0.7}})) ==
      std::vector<std::string>{
          "/a: expected a string of at most 3 characters, got \"abcd\"",
          "/b: expected an integer >= 0 and <= 4095, got 4096",
          "/c: expected an array of at least 2 items (integers), got an array of 1 item",
          "/d: expected an array without duplicates, got an array of 2 items",
          "/e: expected a number > 0, a multiple of 0.5, got 0.7"});
  const std::string long_text(100, 'x');
  auto quoted =
      Explain(schema, {{"a", long_text}, {"b", 1}, {"c", {1, 2}}, {"d", json::array()}, {"e", 1}});
  REQUIRE(quoted.size() == 1);
  CHECK(quoted[0].problem == "expected a string of at most 3 characters, got \"" +
                                 std::string(55, 'x') + "...\" (100 characters)");
}

TEST_CASE("Names not allowed by patternProperties say which names are", "[base][schema_explain]") {
  auto findings = Explain(R"({"type": "object", "additionalProperties": false,
    "patternProperties": {"^[a-z]+$": {"type": "integer"}}})",
                          {{"a/b", 1}, {"ok", "x"}});
  CHECK(Lines(findings) ==
        std::vector<std::string>{
            "/a~1b: the name \"a/b\" is not allowed here; use a name matching ^[a-z]+$",
            "/ok: expected an integer, got \"x\"; fix the value, or remove the key to use the "
            "default"});
}

TEST_CASE("allOf, if/then, oneOf, not and local $refs are explained", "[base][schema_explain]") {
  const std::string schema = R"({
    "definitions": {"name": {"type": "string", "pattern": "^[a-z]+$"}},
    "type": "object",
    "properties": {
      "kind": {"enum": ["file", "dir"]},
      "name": {"$ref": "#/definitions/name"},
      "id": {"type": "string", "not": {"pattern": "\\.\\."}},
      "owner": {"oneOf": [{"type": "null"},
                          {"type": "object", "required": ["uid"],
                           "properties": {"uid": {"type": "integer"}}}]}
    },
    "allOf": [{"if": {"properties": {"kind": {"const": "file"}}},
               "then": {"required": ["size"]}}]
  })";
  CHECK(Explain(schema, {{"kind", "dir"}, {"name", "a"}, {"owner", nullptr}}).empty());
  CHECK(Lines(Explain(
            schema,
            {{"kind", "file"}, {"name", "A"}, {"id", "a..b"}, {"owner", {{"uid", "root"}}}})) ==
        std::vector<std::string>{
            "/id: expected anything but a string matching \\.\\., got \"a..b\"; fix the value, or "
            "remove the key to use the default",
            "/name: expected a string matching ^[a-z]+$, got \"A\"; fix the value, or remove the "
            "key to use the default",
            "/owner/uid: expected an integer, got \"root\"",
            "(root): missing required key \"size\""});
  CHECK(Lines(Explain(schema, {{"kind", "link"}, {"owner", 3}})) ==
        std::vector<std::string>{
            "/kind: expected one of \"file\", \"dir\", got \"link\"; fix the value, or remove the "
            "key to use the default",
            "/owner: expected null or an object, got 3; fix the value, or remove the key to use "
            "the default"});
}

TEST_CASE("What the walk cannot phrase keeps valijson's message", "[base][schema_explain]") {
  const std::string schema = R"({"type": "object", "properties": {
    "a": {"type": "integer"},
    "b": {"type": "array", "contains": {"type": "integer"}},
    "c": {"oneOf": [{"type": "integer"}, {"minimum": 0}]}}})";
  auto findings = Explain(schema, {{"a", "x"}, {"b", {"y"}}, {"c", 1}});
  REQUIRE(findings.size() == 3);
  CHECK(findings[0].path == "/a");
  CHECK(findings[0].problem == "expected an integer, got \"x\"");
  CHECK(findings[1].path == "/b");
  CHECK_THAT(findings[1].problem, Catch::Contains("'contains'"));
  CHECK(findings[2].path == "/c");
  CHECK_THAT(findings[2].problem, Catch::Contains("exactly one"));
}

TEST_CASE("Findings format with the root named and a bounded list", "[base][schema_explain]") {
  std::vector<SchemaFinding> findings = {{"", "missing required key \"a\"", ""},
                                         {"/b", "expected true or false, got 1", "fix it"},
                                         {"/c", "p", ""}};
  CHECK(FormatFinding(findings[0]) == "(root): missing required key \"a\"");
  CHECK(
      DescribeFindings(findings, 2) ==
      "(root): missing required key \"a\"; /b: expected true or false, got 1; fix it; and 1 more");
}

}  // namespace
}  // namespace ua
