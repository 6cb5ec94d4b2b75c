// `ua-deploy run-operation --operation deploy|rollback --deployment-id ID --arguments JSON
// --caller NAME [--config FILE]`: the process an MCP deploy or rollback call starts in a
// session of its own (tools/detached_run.h). Not for people: it prints nothing on stdout; its
// stderr goes to <backup_dir>/operations/<id>.log, its live state and result to the record.
// SIGTERM and SIGINT (`ua-deploy cancel`, or a stop through MCP) stop the operation at its
// next safe point, rolling production back if it was touched.
#pragma once

#include <string>

#include "tools/tool_session.h"

namespace ua::app {

struct RunOperationOptions {
  std::string operation;
  std::string deployment_id;
  std::string arguments;  // JSON object
  std::string caller;
};

int RunOperationCommand(const tools::ToolSession& session, const RunOperationOptions& options);

}  // namespace ua::app
