// PrepareToolArguments: the one step between the arguments a caller sends and what a tool's
// handler sees, the same for an MCP tools/call and for a command line that collects its
// options into the same JSON object (app/tool_options.h):
//  1. `arguments` are checked against the tool's input schema; a violation is kInvalidArgument
//     "Invalid arguments: /version: <rule>", the rules phrased by argument_errors.h;
//  2. absent properties are filled from the schema's defaults (base/schema_defaults.h), so a
//     handler reads every defaulted property and never writes a default itself.
//
// Pure function of its arguments; safe from any thread (JsonSchema is shareable).
#pragma once

#include <nlohmann/json.hpp>

#include "base/json_schema.h"
#include "base/status.h"

namespace ua::mcp {

Result<nlohmann::json> PrepareToolArguments(const JsonSchema& input_schema,
                                            const nlohmann::json& arguments);

}  // namespace ua::mcp
