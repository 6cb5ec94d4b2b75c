// ToolRegistry: the tools a server offers, in registration order, with their compiled input
// and output schemas, and the paginated tools/list view of them.
//
// AddTool checks the declaration (name of 1-128 [A-Za-z0-9_.-], unique; a description;
// inputSchema with root type "object"; outputSchema absent or with root type "object"; a
// handler) and compiles both schemas, so a bad declaration fails at startup, not on a call.
// Cursors are opaque strings to the client; a cursor this registry did not hand out is
// kInvalidArgument (the server answers -32602).
//
// Not thread-safe for AddTool: register every tool before Server::Run(). Lookups and List()
// are const and may then run from any thread.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/json_schema.h"
#include "base/status.h"
#include "mcp/tool.h"

namespace ua::mcp {

struct RegisteredTool {
  ToolDefinition definition;
  std::shared_ptr<const JsonSchema> input_schema;
  std::shared_ptr<const JsonSchema> output_schema;  // null when none declared
  nlohmann::json descriptor;                        // the tools/list entry
};

bool IsValidToolName(std::string_view name);

class ToolRegistry {
 public:
  Status Add(ToolDefinition definition);

  const RegisteredTool* Find(std::string_view name) const;
  size_t size() const { return tools_.size(); }

  // {tools: [...], nextCursor?} for the page that starts at `cursor` (none = first page).
  Result<nlohmann::json> List(const std::optional<std::string>& cursor, size_t page_size) const;

 private:
  std::vector<std::unique_ptr<RegisteredTool>> tools_;
};

}  // namespace ua::mcp
