// Declares a tool from its embedded schemas: schemas/tools/<name>.input and
// schemas/tools/<name>.output. A missing or malformed embedded schema is a build defect, reported
// as an error Status (kNotFound, kInternal) when the tools are registered.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "base/status.h"
#include "mcp/tool.h"

namespace ua::tools {

// schemas/tools/<name>.input.json: where the tool's arguments are declared, with their types,
// defaults and descriptions (and "x-cli-flag" / "x-cli" for the command line,
// tools/cli_options.h).
Result<nlohmann::json> ToolInputSchema(const std::string& name);

// schemas/tools/<name>.output.json with each property written {"x-include": "tools/<part>"}
// replaced by the embedded schema schemas/tools/<part>.json: a part two tools share (the diff
// preview) is written once.
Result<nlohmann::json> ToolOutputSchema(const std::string& name);

// A tool declared once: its name, words and annotations here, its schemas from
// schemas/tools/<name>.{input,output}.json.
Result<mcp::ToolDefinition> DeclareTool(const std::string& name, std::string title,
                                        std::string description, mcp::ToolAnnotations annotations,
                                        mcp::ToolHandler handler);

}  // namespace ua::tools
