// One tools/call from request arguments to CallToolResult, in two steps so the server can
// answer bad arguments on its reader thread before the call waits for the worker.
//
// CheckToolArguments: `arguments` is validated against the tool's inputSchema
// (PrepareToolArguments, tool_arguments.h); a violation gives its explanation ("Invalid
// arguments: /path: rule. Fix ..."), and the handler must not run. The server answers it as
// an isError result (2025 era) or as -32602 (2026-07-28).
//
// RunToolCall, for arguments that passed CheckToolArguments:
//  1. The handler runs with the arguments completed from the inputSchema's defaults (and
//     checked again, which is cheap, so RunToolCall alone never hands a handler invalid
//     arguments); an exception it throws becomes an isError result (logged to stderr).
//  2. A non-error result with an outputSchema must match it; a mismatch is a server bug:
//     logged, and returned as isError with an explanation, so a client that validates
//     structuredContent (the SDK uses Ajv) never throws.
//  3. The ToolResult is returned; ToCallToolResult shapes a plain one as {content: [{text:
//     human_text}, {text: JSON of structured}], structuredContent, isError}. Results that
//     answer with something else (protocol_error, input_required, task) skip step 2.
//
// Both run on the caller's thread. Stateless; safe from any thread.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "mcp/tool.h"
#include "mcp/tool_registry.h"

namespace ua::mcp {

// Why `arguments` violate the inputSchema; nullopt when valid.
std::optional<std::string> CheckToolArguments(const RegisteredTool& tool,
                                              const nlohmann::json& arguments);

ToolResult RunToolCall(const RegisteredTool& tool, const nlohmann::json& arguments,
                       ToolContext& ctx);

// The CallToolResult for a ToolResult (step 3 alone).
nlohmann::json ToCallToolResult(const ToolResult& result);

}  // namespace ua::mcp
