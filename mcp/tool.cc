#include "mcp/tool.h"

namespace ua::mcp {

bool CallRequest::DeclaresFormElicitation() const {
  if (!capabilities.is_object()) return false;
  auto elicitation = capabilities.find("elicitation");
  if (elicitation == capabilities.end() || !elicitation->is_object()) return false;
  // `elicitation: {}` means form mode; a client that lists modes must list "form".
  return elicitation->empty() || elicitation->contains("form");
}

bool CallRequest::DeclaresExtension(std::string_view name) const {
  if (!capabilities.is_object()) return false;
  auto extensions = capabilities.find("extensions");
  return extensions != capabilities.end() && extensions->is_object() &&
         extensions->contains(std::string(name));
}

ToolResult ToolResult::Error(std::string message, nlohmann::json structured) {
  ToolResult r;
  r.is_error = true;
  r.human_text = std::move(message);
  r.structured = std::move(structured);
  return r;
}

}  // namespace ua::mcp
