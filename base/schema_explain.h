// ExplainSchemaError: a precise, human sentence for the first place where a JSON document
// breaks a schema, found by walking the document alongside the schema's own keywords.
//
// valijson (base/json_schema.h) stays the authority on validity; its messages ("Value type
// not permitted by 'type' constraint.") do not say what was expected, so config errors are
// phrased from the schema instead: "/profiles/ua/keep_backups: expected an integer >= 1,
// got -3". Understands the keywords our schemas use: type, enum, pattern, minLength, minimum,
// exclusiveMinimum, minItems, minProperties, required, properties, patternProperties,
// additionalProperties, items, description. No $ref.
//
// Pure functions; safe from any thread.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace ua {

struct SchemaFinding {
  std::string path;     // JSON pointer of the offending key or value ("" = the document)
  std::string problem;  // "expected an integer >= 1, got -3"
  std::string hint;     // what to do: "fix the value, or remove the key to use the default"
};

// nullopt when the walk finds nothing wrong (the document may still break keywords this
// walker does not know; callers fall back to the validator's own messages then).
std::optional<SchemaFinding> ExplainSchemaError(const nlohmann::json& document,
                                                const nlohmann::json& schema);

// "an integer >= 1 (backups kept)": what a schema node accepts, in words.
std::string DescribeExpected(const nlohmann::json& schema);

// RFC 6901 escaping of one pointer token ("a/b" -> "a~1b").
std::string JsonPointerToken(const std::string& key);

}  // namespace ua
