// Turns JSON Schema violations of a tool's arguments into one sentence a model can act on:
// "/dry_run: expected boolean, got string; (root): Missing required property 'text'."
//
// Violations of a parent that only say "a child failed" are dropped in favour of the child's,
// and a broken 'type' rule is restated with the expected and the actual type. Pure function;
// safe from any thread.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/json_schema.h"

namespace ua::mcp {

std::string DescribeArgumentViolations(const nlohmann::json& schema,
                                       const nlohmann::json& arguments,
                                       const std::vector<SchemaViolation>& violations);

// "null", "boolean", "integer", "number", "string", "array", "object".
std::string JsonTypeName(const nlohmann::json& value);

}  // namespace ua::mcp
