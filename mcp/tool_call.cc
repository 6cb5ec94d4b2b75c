#include "mcp/tool_call.h"

#include <exception>

#include <spdlog/spdlog.h>

#include "mcp/argument_errors.h"
#include "mcp/writer.h"

namespace ua::mcp {

nlohmann::json ToCallToolResult(const ToolResult& result) {
  nlohmann::json content = nlohmann::json::array();
  const bool has_structured = result.structured.is_object();
  if (!result.human_text.empty() || !has_structured) {
    content.push_back({{"type", "text"}, {"text", result.human_text}});
  }
  nlohmann::json out;
  if (has_structured) {
    content.push_back({{"type", "text"}, {"text", Serialize(result.structured)}});
    out["structuredContent"] = result.structured;
  }
  out["content"] = std::move(content);
  out["isError"] = result.is_error;
  return out;
}

std::optional<nlohmann::json> CheckToolArguments(const RegisteredTool& tool,
                                                 const nlohmann::json& arguments) {
  std::vector<SchemaViolation> violations = tool.input_schema->Validate(arguments);
  if (violations.empty()) return std::nullopt;
  return ToCallToolResult(ToolResult::Error(
      "Invalid arguments: " +
      DescribeArgumentViolations(tool.definition.input_schema, arguments, violations) +
      ". Fix the arguments to match the tool's inputSchema and call again."));
}

nlohmann::json RunToolCall(const RegisteredTool& tool, const nlohmann::json& arguments,
                           ToolContext& ctx) {
  const std::string& name = tool.definition.name;
  ToolResult result;
  try {
    result = tool.definition.handler(arguments, ctx);
  } catch (const std::exception& e) {
    spdlog::error("tool {} threw: {}", name, e.what());
    return ToCallToolResult(ToolResult::Error("Internal error in tool " + name + ": " + e.what()));
  } catch (...) {
    spdlog::error("tool {} threw a non-standard exception", name);
    return ToCallToolResult(ToolResult::Error("Internal error in tool " + name + "."));
  }

  if (!result.is_error && tool.output_schema) {
    std::vector<SchemaViolation> bad =
        result.structured.is_object()
            ? tool.output_schema->Validate(result.structured)
            : std::vector<SchemaViolation>{{"", "structured result is not an object"}};
    if (!bad.empty()) {
      std::string detail =
          DescribeArgumentViolations(tool.definition.output_schema, result.structured, bad);
      spdlog::error("tool {} returned output that violates its outputSchema: {}", name, detail);
      return ToCallToolResult(
          ToolResult::Error("Internal error: tool " + name +
                            " produced a result that does not match its outputSchema (" + detail +
                            "). This is a bug in the server; the work itself may have completed: " +
                            result.human_text));
    }
  }
  return ToCallToolResult(result);
}

}  // namespace ua::mcp
