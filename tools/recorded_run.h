// RunRecorded: runs one deploy or rollback in this process and keeps its live record
// (engine/state/operation_record.h) from start to result, so that any ua-deploy process can
// follow it, wait for it and stop it. The detached operation process (`ua-deploy
// run-operation`) and the foreground CLI (`ua-deploy deploy|rollback`) both run through here.
//
// The record is written as the operation reports progress (state changes at once, per-file
// steps at most every 100 ms) and once more, durably, with the final ToolResult. After a
// result that changed production, the processes still running the old production server are
// named (restart detection) in the result itself.
//
// Blocks the calling thread for the whole operation. One call per operation id.
#pragma once

#include <functional>
#include <stop_token>
#include <string>

#include "base/status.h"
#include "deploy_engine/config/config.h"
#include "deploy_engine/operations/operation_context.h"
#include "mcp/tool.h"
#include "tools/tool_session.h"

namespace ua::tools {

struct OperationReply {
  mcp::ToolResult result;
  // kOk unless the request was refused before it ran (config, profile, lock held, bad
  // version): then `result` is an error without structured content and this says why, for
  // the CLI's exit code.
  StatusCode refused = StatusCode::kOk;
};

// What runs the operation itself (the deploy or the rollback with the call's arguments),
// given the context to run it with: the session's seams, the id, the stop token and a progress
// sink that keeps the record.
using OperationBody = std::function<OperationReply(const engine::DeployContext& context)>;

struct RecordedRun {
  std::string operation;      // "deploy" | "rollback"
  engine::Profile profile;    // resolved by the caller
  std::string deployment_id;  // the id the operation will carry (NewDeploymentId)
};

// Runs `body` with the record kept. `also` (may be empty) sees every progress update too
// (the CLI's progress line). A record that cannot be written is logged and does not stop the
// operation: production safety never depends on the record.
OperationReply RunRecorded(const ToolSession& session, const RecordedRun& run,
                           const OperationBody& body, std::stop_token stop,
                           engine::ProgressFn also);

}  // namespace ua::tools
