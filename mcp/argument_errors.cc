#include "mcp/argument_errors.h"

#include "base/schema_explain.h"

namespace ua::mcp {

std::string DescribeArgumentViolations(const nlohmann::json& schema,
                                       const nlohmann::json& arguments,
                                       const std::vector<SchemaViolation>& violations) {
  ExplainOptions options;
  options.quote_strings = true;
  options.descriptions = false;
  return DescribeFindings(ExplainViolations(schema, arguments, violations, options));
}

}  // namespace ua::mcp
