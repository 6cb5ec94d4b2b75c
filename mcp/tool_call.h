// One tools/call from request arguments to CallToolResult, in two steps so the server can
// answer bad arguments on its reader thread before the call waits for the worker.
//
// CheckToolArguments: `arguments` is validated against the tool's inputSchema
// (PrepareToolArguments, tool_arguments.h); a violation gives an isError result
// ("Invalid arguments: /path: rule"), and the handler must not run.
//
// RunToolCall, for arguments that passed CheckToolArguments:
//  1. The handler runs with the arguments completed from the inputSchema's defaults (and
//     checked again, which is cheap, so RunToolCall alone never hands a handler invalid
//     arguments); an exception it throws becomes an isError result (logged to stderr).
//  2. A non-error result with an outputSchema must match it; a mismatch is a server bug:
//     logged, and returned as isError with an explanation, so a client that validates
//     structuredContent (the SDK uses Ajv) never throws.
//  3. The result is shaped as {content: [{text: human_text}, {text: JSON of structured}],
//     structuredContent, isError}.
//
// Both run on the caller's thread. Stateless; safe from any thread.
#pragma once

#include <optional>

#include <nlohmann/json.hpp>

#include "mcp/tool.h"
#include "mcp/tool_registry.h"

namespace ua::mcp {

// The isError CallToolResult for arguments that violate the inputSchema; nullopt when valid.
std::optional<nlohmann::json> CheckToolArguments(const RegisteredTool& tool,
                                                 const nlohmann::json& arguments);

nlohmann::json RunToolCall(const RegisteredTool& tool, const nlohmann::json& arguments,
                           ToolContext& ctx);

// The CallToolResult for a ToolResult (step 3 alone).
nlohmann::json ToCallToolResult(const ToolResult& result);

}  // namespace ua::mcp
