#include "deploy_engine/state/version_file.h"

#include <memory>

#include "base/json_schema.h"
#include "base/json_text.h"
#include "base/schema_explain.h"
#include "platform/atomic_file.h"
#include "platform/fs_ops.h"

namespace ua::engine {
namespace {

using json = nlohmann::json;

constexpr const char* kStringFields[] = {"deployed_from",   "git_commit", "deployed_by",
                                         "deployment_id",   "git_branch", "backup_id",
                                         "previous_version"};

std::string* StringField(VersionInfo& v, std::string_view name) {
  if (name == "deployed_from") return &v.deployed_from;
  if (name == "git_commit") return &v.git_commit;
  if (name == "deployed_by") return &v.deployed_by;
  if (name == "deployment_id") return &v.deployment_id;
  if (name == "git_branch") return &v.git_branch;
  if (name == "backup_id") return &v.backup_id;
  if (name == "previous_version") return &v.previous_version;
  return nullptr;
}

const std::shared_ptr<const JsonSchema>* VersionSchema() {
  static const Result<std::shared_ptr<const JsonSchema>> schema =
      JsonSchema::FromEmbedded("version.schema");
  return schema.ok() ? &schema.value() : nullptr;
}

bool IsKnown(const std::string& key) {
  if (key == "version" || key == "deployed" || key == "files_updated" || key == "git_dirty" ||
      key == "files_removed") {
    return true;
  }
  for (const char* name : kStringFields) {
    if (key == name) return true;
  }
  return false;
}

VersionRead CorruptRead(std::string problem) {
  return VersionRead{VersionFileState::kCorrupt, std::nullopt, std::move(problem)};
}

}  // namespace

const char* VersionFileStateName(VersionFileState s) {
  switch (s) {
    case VersionFileState::kOk:
      return "ok";
    case VersionFileState::kMissing:
      return "missing";
    case VersionFileState::kCorrupt:
      return "corrupt";
  }
  return "corrupt";
}

json VersionToJson(const VersionInfo& v) {
  json j = v.extra.is_object() ? v.extra : json::object();
  j["version"] = v.version;
  j["deployed"] = v.deployed;
  j["files_updated"] = v.files_updated;
  j["git_dirty"] = v.git_dirty;
  j["files_removed"] = v.files_removed;
  VersionInfo copy = v;
  for (const char* name : kStringFields) {
    const std::string& value = *StringField(copy, name);
    if (value.empty()) {
      j.erase(name);
    } else {
      j[name] = value;
    }
  }
  return j;
}

Result<VersionInfo> VersionFromJson(const json& j) {
  const auto* schema = VersionSchema();
  if (!schema) return Internal("the embedded VERSION schema cannot be loaded");
  std::vector<SchemaViolation> violations = (*schema)->Validate(j);
  if (!violations.empty()) {
    return Corrupt(DescribeFindings(ExplainViolations((*schema)->document(), j, violations)));
  }
  VersionInfo v;
  v.version = j["version"].get<std::string>();
  v.deployed = j["deployed"].get<std::string>();
  v.files_updated = j.value("files_updated", 0);
  v.files_removed = j.value("files_removed", 0);
  v.git_dirty = j.value("git_dirty", false);
  for (const char* name : kStringFields) {
    if (j.contains(name) && j[name].is_string()) *StringField(v, name) = j[name].get<std::string>();
  }
  for (const auto& [key, value] : j.items()) {
    if (!IsKnown(key)) v.extra[key] = value;
  }
  return v;
}

VersionRead ReadVersionFile(const std::filesystem::path& target_dir) {
  const std::filesystem::path file = target_dir / kVersionFileName;
  Result<std::string> read = fs::ReadFile(file, /*follow_symlinks=*/false, 1 << 20);
  if (!read.ok()) {
    if (read.status().code() == StatusCode::kNotFound) return VersionRead{};
    if (read.status().code() == StatusCode::kResourceExhausted) {
      return CorruptRead(read.status().message() + "; it is not a VERSION file");
    }
    return CorruptRead(read.status().message());
  }
  const std::string& text = *read;
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
    return CorruptRead(file.string() + " is empty");
  }
  Result<json> doc = ParseJsonText(text);
  if (!doc.ok()) return CorruptRead(file.string() + ": " + doc.status().message());
  Result<VersionInfo> info = VersionFromJson(*doc);
  if (!info.ok()) return CorruptRead(file.string() + ": " + info.status().message());
  return VersionRead{VersionFileState::kOk, std::move(info).value(), ""};
}

Status WriteVersionFile(const std::filesystem::path& target_dir, const VersionInfo& v) {
  return WriteFileAtomically(target_dir / kVersionFileName, VersionToJson(v).dump(2) + "\n", 0644);
}

}  // namespace ua::engine
