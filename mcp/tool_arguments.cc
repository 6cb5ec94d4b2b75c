#include "mcp/tool_arguments.h"

#include <vector>

#include "base/schema_defaults.h"
#include "mcp/argument_errors.h"

namespace ua::mcp {

Result<nlohmann::json> PrepareToolArguments(const JsonSchema& input_schema,
                                            const nlohmann::json& arguments) {
  const std::vector<SchemaViolation> violations = input_schema.Validate(arguments);
  if (!violations.empty()) {
    return InvalidArgument(
        "Invalid arguments: " +
        DescribeArgumentViolations(input_schema.document(), arguments, violations));
  }
  return WithSchemaDefaults(input_schema.document(), arguments);
}

}  // namespace ua::mcp
