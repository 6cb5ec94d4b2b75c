// RunToolCall: one tools/call from validated request to CallToolResult.
//
//  1. `arguments` is validated against the tool's inputSchema; a violation is an isError
//     result ("Invalid arguments: /path: rule") and the handler never runs.
//  2. The handler runs; an exception it throws becomes an isError result (logged to stderr).
//  3. A non-error result with an outputSchema must match it; a mismatch is a server bug:
//     logged, and returned as isError with an explanation, so a client that validates
//     structuredContent (the SDK uses Ajv) never throws.
//  4. The result is shaped as {content: [{text: human_text}, {text: JSON of structured}],
//     structuredContent, isError}.
//
// Runs on the caller's thread (the server's worker). Stateless; safe from any thread.
#pragma once

#include <nlohmann/json.hpp>

#include "mcp/tool.h"
#include "mcp/tool_registry.h"

namespace ua::mcp {

nlohmann::json RunToolCall(const RegisteredTool& tool, const nlohmann::json& arguments,
                           ToolContext& ctx);

// The CallToolResult for a ToolResult (step 4 alone).
nlohmann::json ToCallToolResult(const ToolResult& result);

}  // namespace ua::mcp
