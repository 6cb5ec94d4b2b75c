// History: <backup_dir>/history.jsonl, one JSON summary line per deployment, rollback or
// recovery, oldest first.
//
// Appends are one write() of a whole line to an O_APPEND descriptor followed by fsync, so a
// crash leaves at worst a torn last line. The next append starts on a fresh line, so torn
// bytes never merge with a good record, and readers skip every line that is not a JSON object
// (a torn one, at the end or where a later append began anew) instead of failing.
//
// Writers hold the deploy lock. Reading takes no lock and may run concurrently with an append
// (it then sees the line or not, or a torn last line, which it skips). Stateless functions.
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/status.h"

namespace ua::engine {

// `record` must be a JSON object. Creates backup_dir's history file (mode 0600) if missing.
Status AppendHistory(const std::filesystem::path& backup_dir, const nlohmann::json& record);

// The last `max` records, newest first. A missing file (or backup_dir) is an empty history.
Result<std::vector<nlohmann::json>> ReadHistory(const std::filesystem::path& backup_dir,
                                                size_t max);

// Each deployment_id in the history (the last million records) mapped to the outcome of its
// newest record; records without a string deployment_id and outcome are skipped.
Result<std::map<std::string, std::string>> OutcomesByDeployment(
    const std::filesystem::path& backup_dir);

// The newest record, or nullopt when there is none.
Result<std::optional<nlohmann::json>> LastHistoryRecord(const std::filesystem::path& backup_dir);

}  // namespace ua::engine
