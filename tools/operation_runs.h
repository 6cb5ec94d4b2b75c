// RunOperationHere: one deploy or rollback run in this process: what `ua-deploy
// run-operation` (the detached process an MCP call starts) and the foreground `ua-deploy
// deploy|rollback` both do. A run that may change production keeps its live record
// (recorded_run.h); a preview (dry_run, list) changes nothing and runs plainly.
//
// Blocks for the whole operation; any thread. The session must outlive the call.
#pragma once

#include <stop_token>
#include <string>

#include <nlohmann/json.hpp>

#include "deploy_engine/operations/deploy_types.h"
#include "tools/recorded_run.h"
#include "tools/tool_session.h"

namespace ua::tools {

struct OperationRun {
  std::string operation;      // "deploy" | "rollback"
  nlohmann::json args;        // the tool's arguments, checked and completed
  std::string deployment_id;  // "" makes a new one
  OperationBody body;         // DeployBody or RollbackBody of these arguments
};

OperationReply RunOperationHere(const ToolSession& session, const OperationRun& run,
                                std::stop_token stop, engine::ProgressFn also = {});

}  // namespace ua::tools
