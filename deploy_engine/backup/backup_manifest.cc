#include "deploy_engine/backup/backup_manifest.h"

#include <algorithm>
#include <memory>
#include <optional>
#include <set>

#include "base/json_schema.h"
#include "deploy_engine/state/layout.h"

namespace ua::engine {
namespace {

using nlohmann::json;

Result<std::shared_ptr<const JsonSchema>> Schema() {
  static const Result<std::shared_ptr<const JsonSchema>> schema =
      JsonSchema::FromEmbedded("backup-manifest.schema");
  return schema;
}

json FileJson(uint64_t size, uint32_t mode, const std::string& sha) {
  return {{"size", size}, {"mode", mode}, {"sha256", sha}};
}

std::string SumsLine(const std::string& sha, const std::string& name) {
  if (name.find_first_of("\\\n") == std::string::npos) return sha + "  " + name + "\n";
  std::string escaped;
  for (char c : name) {
    if (c == '\\') {
      escaped += "\\\\";
    } else if (c == '\n') {
      escaped += "\\n";
    } else {
      escaped += c;
    }
  }
  return "\\" + sha + "  " + escaped + "\n";
}

bool IsLowerHex64(const std::string& s) {
  return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

// The rules of schemas/backup-manifest.schema.json for one entry of "files": the broken one as
// "/field: rule" (or ": rule" for the entry), nullopt when the entry follows them.
std::optional<std::string> FileEntryProblem(const json& f) {
  if (!f.is_object()) return ": not an object";
  for (const auto& [key, value] : f.items()) {
    if (key != "path" && key != "size" && key != "mode" && key != "sha256") {
      return ": unknown property '" + key + "'";
    }
  }
  const auto path = f.find("path");
  if (path == f.end() || !path->is_string() || path->get_ref<const std::string&>().empty()) {
    return "/path: must be a non-empty string";
  }
  const auto size = f.find("size");
  if (size == f.end() || !size->is_number_unsigned()) return "/size: must be an integer >= 0";
  const auto mode = f.find("mode");
  if (mode == f.end() || !mode->is_number_unsigned() || mode->get<uint64_t>() > 4095) {
    return "/mode: must be an integer from 0 to 4095";
  }
  const auto sha = f.find("sha256");
  if (sha == f.end() || !sha->is_string() || !IsLowerHex64(sha->get_ref<const std::string&>())) {
    return "/sha256: must be 64 lowercase hex digits";
  }
  return std::nullopt;
}

}  // namespace

const char* BackupKindName(BackupKind kind) {
  return kind == BackupKind::kSafety ? "safety" : "pre_deploy";
}

const ManifestFile* BackupManifest::Find(std::string_view path) const {
  auto it = std::lower_bound(files.begin(), files.end(), path,
                             [](const ManifestFile& f, std::string_view p) { return f.path < p; });
  return it != files.end() && it->path == path ? &*it : nullptr;
}

bool IsSafeRelativePath(std::string_view path) {
  if (path.empty() || path.front() == '/' || path.find('\0') != std::string_view::npos) {
    return false;
  }
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view seg = path.substr(start, end - start);
    if (seg.empty() || seg == "." || seg == "..") return false;
    start = end + 1;
  }
  return true;
}

json ManifestToJson(const BackupManifest& m) {
  json files = json::array();
  for (const auto& f : m.files) {
    json entry = FileJson(f.size, f.mode, f.sha256);
    entry["path"] = f.path;
    files.push_back(std::move(entry));
  }
  json j = {{"format", 1},
            {"backup_id", m.backup_id},
            {"created", m.created},
            {"profile", m.profile},
            {"kind", BackupKindName(m.kind)},
            {"deployment_id", m.deployment_id},
            {"version", m.version ? json(*m.version) : json(nullptr)},
            {"git_commit", m.git_commit ? json(*m.git_commit) : json(nullptr)},
            {"version_file", m.version_file ? FileJson(m.version_file->size, m.version_file->mode,
                                                       m.version_file->sha256)
                                            : json(nullptr)},
            {"files", std::move(files)},
            {"total_bytes", m.total_bytes}};
  return j;
}

std::string SerializeManifest(const BackupManifest& m) { return ManifestToJson(m).dump(2) + "\n"; }

Result<BackupManifest> ManifestFromJson(const json& j) {
  UA_ASSIGN_OR_RETURN(auto schema, Schema());
  // The schema checks everything but the entries of "files", which FileEntryProblem checks by
  // the same rules: a regex engine per entry made reading a 10,000-file manifest cost more than
  // the rest of a deployment's bookkeeping.
  std::vector<SchemaViolation> violations;
  if (j.is_object()) {
    json outline = json::object();
    for (const auto& [key, value] : j.items()) {
      outline[key] = key == "files" && value.is_array() ? json::array() : value;
    }
    violations = schema->Validate(outline);
  } else {
    violations = schema->Validate(j);
  }
  if (!violations.empty()) {
    return Corrupt("manifest.json does not match its schema: " + DescribeViolations(violations));
  }
  for (size_t i = 0; i < j["files"].size(); ++i) {
    if (auto problem = FileEntryProblem(j["files"][i])) {
      return Corrupt("manifest.json does not match its schema: /files/" + std::to_string(i) +
                     *problem);
    }
  }
  BackupManifest m;
  m.backup_id = j["backup_id"].get<std::string>();
  m.created = j["created"].get<std::string>();
  m.profile = j["profile"].get<std::string>();
  m.kind = j["kind"] == "safety" ? BackupKind::kSafety : BackupKind::kPreDeploy;
  m.deployment_id = j["deployment_id"].get<std::string>();
  if (j["version"].is_string()) m.version = j["version"].get<std::string>();
  if (j["git_commit"].is_string()) m.git_commit = j["git_commit"].get<std::string>();
  if (auto it = j.find("version_file"); it != j.end() && it->is_object()) {
    m.version_file =
        ManifestVersionFile{(*it)["size"].get<uint64_t>(), (*it)["mode"].get<uint32_t>(),
                            (*it)["sha256"].get<std::string>()};
  }
  std::set<std::string> seen;
  uint64_t sum = 0;
  for (const auto& f : j["files"]) {
    ManifestFile mf{f["path"].get<std::string>(), f["size"].get<uint64_t>(),
                    f["mode"].get<uint32_t>(), f["sha256"].get<std::string>()};
    if (!IsSafeRelativePath(mf.path)) {
      return Corrupt("manifest.json names an unsafe path '" + mf.path + "'");
    }
    if (!seen.insert(mf.path).second) {
      return Corrupt("manifest.json lists '" + mf.path + "' twice");
    }
    sum += mf.size;
    m.files.push_back(std::move(mf));
  }
  m.total_bytes = j["total_bytes"].get<uint64_t>();
  if (sum != m.total_bytes) {
    return Corrupt("manifest.json total_bytes " + std::to_string(m.total_bytes) +
                   " is not the sum of its file sizes " + std::to_string(sum));
  }
  std::sort(m.files.begin(), m.files.end(),
            [](const ManifestFile& a, const ManifestFile& b) { return a.path < b.path; });
  return m;
}

Result<BackupManifest> ParseManifest(std::string_view text) {
  auto j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Corrupt("manifest.json is not valid JSON");
  return ManifestFromJson(j);
}

std::string Sha256SumsText(const BackupManifest& m) {
  std::string out;
  for (const auto& f : m.files) out += SumsLine(f.sha256, "files/" + f.path);
  if (m.version_file) out += SumsLine(m.version_file->sha256, kVersionFileName);
  return out;
}

}  // namespace ua::engine
