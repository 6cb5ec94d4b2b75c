// DescribeArgumentViolations: JSON Schema violations of a tool call's arguments (or of a
// tool's structured result) in one line a model can act on:
// "/dry_run: expected true or false, got \"yes\"; (root): missing required key \"text\"".
//
// The wording is the base explainer's (base/schema_explain.h), with what suits a tool's
// caller: the values it sent are quoted back, and the schema's descriptions are left out,
// since the caller has the schema already (tools/list). Pure function; safe from any thread.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/json_schema.h"

namespace ua::mcp {

// `violations`: what JsonSchema::Validate returned for `arguments` against `schema`.
std::string DescribeArgumentViolations(const nlohmann::json& schema,
                                       const nlohmann::json& arguments,
                                       const std::vector<SchemaViolation>& violations);

}  // namespace ua::mcp
