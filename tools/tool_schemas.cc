#include "tools/tool_schemas.h"

#include "base/embedded_schemas.h"

namespace ua::tools {
namespace {

Result<nlohmann::json> LoadJson(const std::string& name) {
  auto text = EmbeddedSchema(name);
  if (!text) return Internal("schema '" + name + "' is not embedded in this build");
  auto doc = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return Internal("embedded schema '" + name + "' is not valid JSON");
  return doc;
}

}  // namespace

Result<ToolSchemas> LoadToolSchemas(const std::string& tool_name) {
  UA_ASSIGN_OR_RETURN(nlohmann::json input, LoadJson("tools/" + tool_name + ".input"));
  UA_ASSIGN_OR_RETURN(nlohmann::json output, LoadJson("tools/" + tool_name + ".output"));
  return ToolSchemas{std::move(input), std::move(output)};
}

}  // namespace ua::tools
