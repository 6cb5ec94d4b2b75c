// VERSION: the JSON file in the target root that says what is deployed
// (schemas/version.schema.json). Required fields: version, deployed; the rest are optional.
// Fields this build does not know (e.g. rolled_back_from) are kept in `extra` and written
// back, so an older or newer ua-deploy never loses them.
//
// Reading never fails: a missing file is kMissing, anything unusable (unreadable, empty, bad
// JSON, wrong types) is kCorrupt with the reason. Writing is atomic (atomic_file.h).
// Stateless functions; safe from any thread (writers need the deploy lock to decide who wins).
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "base/status.h"

#include "deploy_engine/state/layout.h"

namespace ua::engine {

struct VersionInfo {
  std::string version, deployed /* ISO-8601 UTC */, deployed_from, git_commit;
  int files_updated = 0;
  std::string deployed_by, deployment_id, git_branch;
  bool git_dirty = false;
  std::string backup_id, previous_version;
  int files_removed = 0;
  nlohmann::json extra = nlohmann::json::object();  // unknown fields, kept verbatim
};

enum class VersionFileState { kOk, kMissing, kCorrupt };

struct VersionRead {
  VersionFileState state = VersionFileState::kMissing;
  std::optional<VersionInfo> info;  // set only when kOk
  std::string problem;              // why kCorrupt, e.g. "invalid JSON at line 1, column 3: ..."
};

VersionRead ReadVersionFile(const std::filesystem::path& target_dir);
// Writes target_dir/VERSION atomically (temp, fsync, rename, fsync dir), mode 0644.
Status WriteVersionFile(const std::filesystem::path& target_dir, const VersionInfo& v);

// Empty optional strings are omitted (null is accepted on read and means empty).
nlohmann::json VersionToJson(const VersionInfo& v);
// Validated against version.schema; kCorrupt names the JSON path of the bad field.
Result<VersionInfo> VersionFromJson(const nlohmann::json& j);
const char* VersionFileStateName(VersionFileState s);  // "ok" | "missing" | "corrupt"

}  // namespace ua::engine
