#include "mcp/tool_registry.h"

#include <algorithm>
#include <charconv>

namespace ua::mcp {

namespace {

constexpr std::string_view kCursorPrefix = "tools-page:";

std::string MakeCursor(size_t offset) {
  return std::string(kCursorPrefix) + std::to_string(offset);
}

std::optional<size_t> ParseCursor(const std::string& cursor) {
  if (cursor.rfind(kCursorPrefix, 0) != 0) return std::nullopt;
  std::string_view digits = std::string_view(cursor).substr(kCursorPrefix.size());
  if (digits.empty() || digits.size() > 9) return std::nullopt;
  size_t offset = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), offset);
  if (ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  return offset;
}

bool HasObjectRoot(const nlohmann::json& schema) {
  return schema.is_object() && schema.value("type", nlohmann::json()) == "object";
}

nlohmann::json Describe(const ToolDefinition& def) {
  nlohmann::json tool = {{"name", def.name}};
  if (!def.title.empty()) tool["title"] = def.title;
  tool["description"] = def.description;
  tool["inputSchema"] = def.input_schema;
  if (!def.output_schema.is_null() && !def.output_schema.empty()) {
    tool["outputSchema"] = def.output_schema;
  }
  nlohmann::json annotations = {{"readOnlyHint", def.annotations.read_only},
                                {"destructiveHint", def.annotations.destructive},
                                {"idempotentHint", def.annotations.idempotent},
                                {"openWorldHint", def.annotations.open_world}};
  if (!def.title.empty()) annotations["title"] = def.title;
  tool["annotations"] = std::move(annotations);
  return tool;
}

}  // namespace

bool IsValidToolName(std::string_view name) {
  if (name.empty() || name.size() > 128) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '.' || c == '-';
  });
}

Status ToolRegistry::Add(ToolDefinition definition) {
  const std::string name = definition.name;
  if (!IsValidToolName(name)) {
    return InvalidArgument("tool name '" + name + "' must be 1-128 characters of [A-Za-z0-9_.-]");
  }
  if (Find(name)) return {StatusCode::kAlreadyExists, "tool '" + name + "' is already registered"};
  if (definition.description.empty()) {
    return InvalidArgument("tool '" + name + "' needs a description");
  }
  if (!definition.handler) return InvalidArgument("tool '" + name + "' has no handler");
  if (!HasObjectRoot(definition.input_schema)) {
    return InvalidArgument("tool '" + name + "': inputSchema must have root type \"object\"");
  }
  auto tool = std::make_unique<RegisteredTool>();
  auto input = JsonSchema::Parse(definition.input_schema);
  if (!input.ok()) {
    return InvalidArgument("tool '" + name + "': inputSchema: " + input.status().message());
  }
  tool->input_schema = *input;
  const nlohmann::json& output_doc = definition.output_schema;
  if (!output_doc.is_null() && !output_doc.empty()) {
    if (!HasObjectRoot(output_doc)) {
      return InvalidArgument("tool '" + name + "': outputSchema must have root type \"object\"");
    }
    auto output = JsonSchema::Parse(output_doc);
    if (!output.ok()) {
      return InvalidArgument("tool '" + name + "': outputSchema: " + output.status().message());
    }
    tool->output_schema = *output;
  }
  tool->descriptor = Describe(definition);
  tool->definition = std::move(definition);
  tools_.push_back(std::move(tool));
  return Status::Ok();
}

const RegisteredTool* ToolRegistry::Find(std::string_view name) const {
  for (const auto& tool : tools_) {
    if (tool->definition.name == name) return tool.get();
  }
  return nullptr;
}

Result<nlohmann::json> ToolRegistry::List(const std::optional<std::string>& cursor,
                                          size_t page_size) const {
  page_size = std::max<size_t>(page_size, 1);
  size_t offset = 0;
  if (cursor) {
    std::optional<size_t> parsed = ParseCursor(*cursor);
    if (!parsed || *parsed == 0 || *parsed >= tools_.size()) {
      return InvalidArgument("invalid cursor: pass back a nextCursor from an earlier tools/list");
    }
    offset = *parsed;
  }
  nlohmann::json page = nlohmann::json::array();
  size_t end = std::min(tools_.size(), offset + page_size);
  for (size_t i = offset; i < end; ++i) page.push_back(tools_[i]->descriptor);
  nlohmann::json result = {{"tools", std::move(page)}};
  if (end < tools_.size()) result["nextCursor"] = MakeCursor(end);
  return result;
}

}  // namespace ua::mcp
