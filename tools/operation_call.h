// HandleOperationCall: what an MCP call of ua_self_deploy or ua_self_rollback does with its
// arguments, the same for both tools:
//  - `cancel: <deployment_id>` asks that running operation to stop at its next safe point
//    (it rolls production back if it had touched it) and answers at once; an operation that
//    has already finished is left alone and the answer says so;
//  - a preview (`dry_run`, `list`) runs in this process: it changes nothing;
//  - a call that would change production first passes the confirmation gate when the profile
//    asks for one (confirmation.h);
//  - then it runs in a process of its own (detached_run.h) that outlives the call and the
//    server. A 2026-07-28 request that declared the Tasks extension gets a task at once
//    (operation_tasks.h; a confirmation is then asked through the task). Any other call waits
//    for the operation up to `wait_s` (else the profile's wait_s), forwarding progress, then
//    answers with the final result or with outcome "running" and how to follow up.
// The client's notifications/cancelled ends the waiting only.
//
// Runs on the server's worker thread; the session must outlive the call.
#pragma once

#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "base/status.h"
#include "mcp/tool.h"
#include "tools/confirmation.h"
#include "tools/recorded_run.h"
#include "tools/tool_session.h"

namespace ua::tools {

// The body that runs the operation with the given arguments (DeployBody, RollbackBody).
using BodyFor = std::function<OperationBody(const nlohmann::json& args)>;

struct OperationKind {
  std::string tool;       // "ua_self_deploy" | "ua_self_rollback"
  std::string operation;  // "deploy" | "rollback"
  BodyFor body_for;
};

// `args` as the handler receives them.
mcp::ToolResult HandleOperationCall(const ToolSession& session, const OperationKind& kind,
                                    const nlohmann::json& args, mcp::ToolContext& ctx);

// What a confirmation of `kind` with `args` on `profile` is about; its preview runs in this
// process. Borrows the session.
ConfirmSubject SubjectOf(const ToolSession& session, const OperationKind& kind,
                         engine::Profile profile, const nlohmann::json& args);

}  // namespace ua::tools
