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

Result<mcp::ToolDefinition> DeclareTool(const std::string& name, std::string title,
                                        std::string description, mcp::ToolAnnotations annotations,
                                        mcp::ToolHandler handler) {
  UA_ASSIGN_OR_RETURN(ToolSchemas schemas, LoadToolSchemas(name));
  mcp::ToolDefinition def;
  def.name = name;
  def.title = std::move(title);
  def.description = std::move(description);
  def.annotations = annotations;
  def.input_schema = std::move(schemas.input);
  def.output_schema = std::move(schemas.output);
  def.handler = std::move(handler);
  return def;
}

}  // namespace ua::tools
