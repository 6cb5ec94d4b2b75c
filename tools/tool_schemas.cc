#include "tools/tool_schemas.h"

#include "base/json_schema.h"

namespace ua::tools {

Result<nlohmann::json> ToolInputSchema(const std::string& name) {
  return EmbeddedSchemaDocument("tools/" + name + ".input");
}

Result<nlohmann::json> ToolOutputSchema(const std::string& name) {
  UA_ASSIGN_OR_RETURN(nlohmann::json output, EmbeddedSchemaDocument("tools/" + name + ".output"));
  if (!output.contains("properties")) return output;
  for (auto& [key, property] : output["properties"].items()) {
    if (!property.is_object() || !property.contains("x-include")) continue;
    UA_ASSIGN_OR_RETURN(property, EmbeddedSchemaDocument(property["x-include"].get<std::string>()));
  }
  return output;
}

Result<mcp::ToolDefinition> DeclareTool(const std::string& name, std::string title,
                                        std::string description, mcp::ToolAnnotations annotations,
                                        mcp::ToolHandler handler) {
  UA_ASSIGN_OR_RETURN(nlohmann::json input, ToolInputSchema(name));
  UA_ASSIGN_OR_RETURN(nlohmann::json output, ToolOutputSchema(name));
  mcp::ToolDefinition def;
  def.name = name;
  def.title = std::move(title);
  def.description = std::move(description);
  def.annotations = annotations;
  def.input_schema = std::move(input);
  def.output_schema = std::move(output);
  def.handler = std::move(handler);
  return def;
}

}  // namespace ua::tools
