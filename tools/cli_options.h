// The command-line options of a tool's ua-deploy subcommand, derived from the tool's input
// schema (schemas/tools/<tool>.input.json), so an argument is declared once for MCP and CLI:
//  - one option per property, spelled "--" + the name with '_' turned into '-' ("dry_run" ->
//    "--dry-run"), or as the property's "x-cli-flag" says ("backup_id": "x-cli-flag": "--to");
//    a property with "x-cli": false gets none. JSON Schema ignores both keywords.
//  - a "boolean" property is a flag; "string", "integer" and "number" ones take a value;
//  - the help text is the property's "description".
// The values given form the same arguments object an MCP client would send; the schema check
// and the defaults then apply to it as to an MCP call (tool_arguments.h).
//
// Pure functions; safe from any thread. The CLI11 binding is app/tool_options.h.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/status.h"

namespace ua::tools {

struct CliOption {
  std::string property;  // "dry_run"
  std::string flag;      // "--dry-run"
  std::string type;      // "boolean", "string", "integer" or "number"
  std::string help;      // the property's description

  bool takes_value() const { return type != "boolean"; }
};

// The options of `input_schema`'s properties, ordered by property name. kInternal
// (a defect of the schema) for a property the command line cannot spell: another type, an
// "x-cli-flag" that is not "--" + lowercase letters, digits and dashes, or two properties with
// one flag; such a property needs "x-cli": false.
Result<std::vector<CliOption>> CliOptionsFor(const nlohmann::json& input_schema);

// The JSON value of a valued option's text: for an integer or number option the number when
// the text is one, else the text as given, so that the schema check names the wrong type in
// the same words as for an MCP call. nullopt for an empty text: an empty value counts as not
// given, as it always has for ua-deploy's options.
std::optional<nlohmann::json> CliOptionValue(const CliOption& option, const std::string& text);

}  // namespace ua::tools
