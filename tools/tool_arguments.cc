#include "tools/tool_arguments.h"

#include <memory>

#include "base/json_schema.h"
#include "mcp/tool_arguments.h"

namespace ua::tools {

Result<nlohmann::json> CheckedToolArguments(const std::string& name, const nlohmann::json& given) {
  Result<std::shared_ptr<const JsonSchema>> schema =
      JsonSchema::FromEmbedded("tools/" + name + ".input");
  // A missing or unusable embedded schema is a defect of the build, not of the arguments.
  if (!schema.ok())
    return Internal("input schema of tool " + name + ": " + schema.status().ToString());
  return mcp::PrepareToolArguments(**schema, given);
}

}  // namespace ua::tools
