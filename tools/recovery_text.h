// The report of a restore that stopped part way (engine::RecoveryReport), for both readers: the
// `recovery` object of a deploy or rollback result, and the lines of its human text (headline,
// each file's state, why, and the commands), shared by ua_self_deploy and ua_self_rollback.
// Pure functions; thread-safe.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "deploy_engine/operations/restore_report.h"

namespace ua::tools {

nlohmann::json RecoveryJson(const engine::RecoveryReport& report);

// Starts with a newline; one line per file, reason and command.
std::string RecoveryText(const engine::RecoveryReport& report);

}  // namespace ua::tools
