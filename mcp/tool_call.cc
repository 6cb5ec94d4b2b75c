#include "mcp/tool_call.h"

#include <exception>

#include <spdlog/spdlog.h>

#include "mcp/argument_errors.h"
#include "mcp/tool_arguments.h"
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

namespace {

std::string InvalidArgumentsMessage(const Status& status) {
  return status.message() + ". Fix the arguments to match the tool's inputSchema and call again.";
}

bool AnswersOtherwise(const ToolResult& result) {
  return result.protocol_error || result.input_required || result.task;
}

}  // namespace

std::optional<std::string> CheckToolArguments(const RegisteredTool& tool,
                                              const nlohmann::json& arguments) {
  Result<nlohmann::json> prepared = PrepareToolArguments(*tool.input_schema, arguments);
  if (prepared.ok()) return std::nullopt;
  return InvalidArgumentsMessage(prepared.status());
}

ToolResult RunToolCall(const RegisteredTool& tool, const nlohmann::json& arguments,
                       ToolContext& ctx) {
  const std::string& name = tool.definition.name;
  Result<nlohmann::json> prepared = PrepareToolArguments(*tool.input_schema, arguments);
  if (!prepared.ok()) return ToolResult::Error(InvalidArgumentsMessage(prepared.status()));
  ToolResult result;
  try {
    result = tool.definition.handler(*prepared, ctx);
  } catch (const std::exception& e) {
    spdlog::error("tool {} threw: {}", name, e.what());
    return ToolResult::Error("Internal error in tool " + name + ": " + e.what());
  } catch (...) {
    spdlog::error("tool {} threw a non-standard exception", name);
    return ToolResult::Error("Internal error in tool " + name + ".");
  }

  if (!result.is_error && !AnswersOtherwise(result) && tool.output_schema) {
    std::vector<SchemaViolation> bad =
        result.structured.is_object()
            ? tool.output_schema->Validate(result.structured)
            : std::vector<SchemaViolation>{{"", "structured result is not an object"}};
    if (!bad.empty()) {
      std::string detail =
          DescribeArgumentViolations(tool.definition.output_schema, result.structured, bad);
      spdlog::error("tool {} returned output that violates its outputSchema: {}", name, detail);
      return ToolResult::Error("Internal error: tool " + name +
                               " produced a result that does not match its outputSchema (" +
                               detail +
                               "). This is a bug in the server; the work itself may have "
                               "completed: " +
                               result.human_text);
    }
  }
  return result;
}

}  // namespace ua::mcp
