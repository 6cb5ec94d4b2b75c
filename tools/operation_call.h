// HandleOperationCall: what an MCP call of ua_self_deploy or ua_self_rollback does with its
// arguments, the same for both tools:
//  - `cancel: <deployment_id>` asks that running operation to stop at its next safe point
//    (it rolls production back if it had touched it) and answers at once; an operation that
//    has already finished is left alone and the answer says so;
//  - a preview (`dry_run`, `list`) runs in this process: it changes nothing;
//  - anything that changes production runs in a process of its own (detached_run.h) that
//    outlives the call and the server; the call waits for it up to `wait_s` (else the
//    profile's wait_s), forwarding progress, then answers with the final result or with
//    outcome "running" and how to follow up.
// The client's notifications/cancelled ends the waiting only.
//
// Runs on the server's worker thread; the session must outlive the call.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "mcp/tool.h"
#include "tools/recorded_run.h"
#include "tools/tool_session.h"

namespace ua::tools {

// `operation`: "deploy" | "rollback"; `args` as the handler receives them; `body` runs the
// operation with them (DeployBody, RollbackBody) when it runs in this process.
mcp::ToolResult HandleOperationCall(const ToolSession& session, const std::string& operation,
                                    const nlohmann::json& args, mcp::ToolContext& ctx,
                                    const OperationBody& body);

}  // namespace ua::tools
