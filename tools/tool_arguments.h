// A tool's arguments object, the one form both an MCP call and a ua-deploy command run from.
//
// Each argument is declared once, in schemas/tools/<tool>.input.json: name, type, default,
// description (and its command-line spelling, tools/cli_options.h). A handler receives the
// arguments already checked against that schema and completed with its defaults
// (mcp/tool_arguments.h); CheckedToolArguments does the same for a command line. Each tool's
// request builder (DeployRequestFrom, RollbackRequestFrom, StatusRequestFrom) then reads a
// defaulted property with `args.at(name).get<T>()` and an optional one with OptionalArgument.
//
// Pure functions of their arguments and the embedded schemas; safe from any thread.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "base/status.h"

namespace ua::tools {

// `given` checked against the input schema of tool `name` and completed with its defaults:
// what the tool's handler would see for an MCP call with these arguments. kInvalidArgument
// "Invalid arguments: /version: <rule>" (the MCP call's words) when they break the schema;
// kInternal when the tool has no usable embedded schema (a build defect).
Result<nlohmann::json> CheckedToolArguments(const std::string& name, const nlohmann::json& given);

// The argument `name`, or nullopt when it is absent (or null): for properties without a
// schema default, whose absence means something ("the config's default profile").
template <typename T>
std::optional<T> OptionalArgument(const nlohmann::json& args, const std::string& name) {
  auto it = args.find(name);
  if (it == args.end() || it->is_null()) return std::nullopt;
  return it->template get<T>();
}

}  // namespace ua::tools
