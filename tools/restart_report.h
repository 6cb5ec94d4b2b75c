// The restart advice of a result that changed production, as deploy, rollback and status
// report it: `restart_required` (true, false, or null when the platform cannot tell) and
// `restart: {status, reason, processes: [{pid, started, command_line, why, path}]}`
// (engine/checks/restart_detection.h), plus the sentence for people.
//
// Pure functions of their arguments, except AddRestartAdvice, which scans the process table.
// Any thread.
#pragma once

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "deploy_engine/checks/restart_detection.h"
#include "mcp/tool.h"

namespace ua::tools {

// {status, reason, processes}.
nlohmann::json RestartJson(const engine::RestartCheck& check);
// true for kRequired, false for kNone, null for kUnknown.
nlohmann::json RestartRequiredJson(const engine::RestartCheck& check);

// For a result whose outcome is "complete" (production changed): finds the processes still
// running the old server in `target` and adds restart_required, restart and the sentence
// (naming the version now in production) to `result`. Other results are left as they are.
void AddRestartAdvice(const std::filesystem::path& target, mcp::ToolResult* result);

}  // namespace ua::tools
