#include "mcp/tool.h"

namespace ua::mcp {

ToolResult ToolResult::Error(std::string message, nlohmann::json structured) {
  ToolResult r;
  r.is_error = true;
  r.human_text = std::move(message);
  r.structured = std::move(structured);
  return r;
}

}  // namespace ua::mcp
