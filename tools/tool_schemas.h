// Declares a tool from its embedded schemas. Loads a tool's input and output schema from the
// embedded schemas/tools/<name>.input and schemas/tools/<name>.output documents. A missing or
// malformed embedded schema is a build defect, reported as kInternal.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "base/status.h"
#include "mcp/tool.h"

namespace ua::tools {

struct ToolSchemas {
  nlohmann::json input;
  nlohmann::json output;
};

Result<ToolSchemas> LoadToolSchemas(const std::string& tool_name);

// A tool declared once: its name, words and annotations here, its schemas from
// schemas/tools/<name>.{input,output}.json.
Result<mcp::ToolDefinition> DeclareTool(const std::string& name, std::string title,
                                        std::string description, mcp::ToolAnnotations annotations,
                                        mcp::ToolHandler handler);

}  // namespace ua::tools
