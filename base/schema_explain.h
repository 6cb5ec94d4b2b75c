// ExplainViolations: why a JSON document breaks its JSON Schema, one finding per problem, each
// phrased from the schema itself: "/profiles/ua/keep_backups: expected an integer >= 1 (backups
// kept), got -3". The one explainer of schema errors: config files, VERSION, the json_schema
// validator and MCP tool arguments (mcp/argument_errors.h) all use it.
//
// valijson (JsonSchema::Validate) decides whether a document is valid; this file only words
// what it found. A walk of the document alongside the schema phrases the problems; it knows
// type, enum, const, minLength, maxLength, pattern, minimum, maximum, exclusiveMinimum,
// exclusiveMaximum, multipleOf, minItems, maxItems, uniqueItems, items (one schema or a tuple),
// additionalItems, required, properties, patternProperties, additionalProperties,
// minProperties, maxProperties, allOf, anyOf, oneOf, not, if/then/else, local "$ref"s ("#/...")
// and description. A violation the walk does not explain (any other keyword, a remote $ref, a
// value matching several oneOf branches) is kept with valijson's own message, so no violation
// is ever lost.
//
// Pure functions; safe from any thread.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/json_schema.h"

namespace ua {

struct SchemaFinding {
  std::string path;     // JSON pointer of the offending value or key ("" = the document)
  std::string problem;  // "expected an integer >= 1 (backups kept), got -3"
  std::string hint;     // what to do when the problem does not say it already, else empty
};

struct ExplainOptions {
  // Quote an offending string ("got \"ten\"") rather than only name it ("got a string"). Off
  // for documents that may hold secrets, such as the files a validator checks.
  bool quote_strings = true;
  // Name what a key is for, from the schema's "description": "(backups kept)". Off where the
  // reader already has the schema, as a tool's caller has its inputSchema.
  bool descriptions = true;
};

// The findings for `violations`, which JsonSchema::Validate returned for `document` against
// the schema whose JSON is `schema`: the walk's in document order, then valijson's that the
// walk did not explain. Empty exactly when `violations` is empty. At most 100 come from the
// walk.
std::vector<SchemaFinding> ExplainViolations(const nlohmann::json& schema,
                                             const nlohmann::json& document,
                                             const std::vector<SchemaViolation>& violations,
                                             const ExplainOptions& options = {});

// "/a/b: problem; hint" ("(root)" for the document, no "; hint" when it is empty).
std::string FormatFinding(const SchemaFinding& finding);

// The first `max` findings formatted and joined with "; ", then "; and N more".
std::string DescribeFindings(const std::vector<SchemaFinding>& findings, size_t max = 5);

}  // namespace ua
