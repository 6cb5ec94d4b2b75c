// Loads a tool's input and output schema from the embedded schemas/tools/<name>.input and
// schemas/tools/<name>.output documents. A missing or malformed embedded schema is a build
// defect, reported as kInternal.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "base/status.h"

namespace ua::tools {

struct ToolSchemas {
  nlohmann::json input;
  nlohmann::json output;
};

Result<ToolSchemas> LoadToolSchemas(const std::string& tool_name);

}  // namespace ua::tools
