// `ua-deploy rollback [--profile P] [--to BACKUP_ID] [--version V] [--list] [--dry-run]
// [--json]`. SIGINT/SIGTERM stop the rollback at the next safe point (production is put back
// as it was if the switch had begun) instead of killing it mid-switch.
#pragma once

#include "tools/rollback_tool.h"
#include "tools/tool_session.h"

namespace ua::app {

int RunRollbackCommand(const tools::ToolSession& session, const tools::RollbackArguments& args,
                       bool json);

}  // namespace ua::app
