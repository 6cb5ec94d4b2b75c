#include "deploy_engine/state/journal.h"

#include "deploy_engine/state/layout.h"
#include "platform/atomic_file.h"
#include "platform/fs_ops.h"

namespace ua::engine {
namespace {

using nlohmann::json;

constexpr std::pair<JournalStep, const char*> kSteps[] = {
    {JournalStep::kStaged, "staged"},
    {JournalStep::kSwitching, "switching"},
    {JournalStep::kSwitched, "switched"},
    {JournalStep::kVersionWritten, "version_written"},
};

Status Bad(const std::string& what) { return Corrupt("journal.json is corrupt: " + what); }

Status GetString(const json& j, const char* key, std::string* out) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return Bad("'" + std::string(key) + "' is not a string");
  *out = it->get<std::string>();
  return Status::Ok();
}

Status GetPaths(const json& plan, const char* key, std::vector<std::string>* out) {
  auto it = plan.find(key);
  if (it == plan.end() || !it->is_array()) {
    return Bad("'plan/" + std::string(key) + "' is not an array");
  }
  for (const auto& v : *it) {
    if (!v.is_string()) return Bad("'plan/" + std::string(key) + "' holds a non-string");
    out->push_back(v.get<std::string>());
  }
  return Status::Ok();
}

}  // namespace

const char* JournalStepName(JournalStep step) {
  for (const auto& [s, name] : kSteps) {
    if (s == step) return name;
  }
  return "unknown";
}

std::optional<JournalStep> ParseJournalStep(std::string_view name) {
  for (const auto& [s, n] : kSteps) {
    if (name == n) return s;
  }
  return std::nullopt;
}

json Journal::ToJson() const {
  return {{"format", 1},
          {"deployment_id", deployment_id},
          {"operation", operation},
          {"profile", profile},
          {"backup_id", backup_id},
          {"started", started},
          {"step", JournalStepName(step)},
          {"plan", {{"added", plan.added}, {"modified", plan.modified}, {"removed", plan.removed}}},
          {"target", target},
          {"staging_dir", staging_dir}};
}

Result<Journal> Journal::FromJson(const json& j) {
  if (!j.is_object()) return Bad("not a JSON object");
  Journal out;
  UA_RETURN_IF_ERROR(GetString(j, "deployment_id", &out.deployment_id));
  UA_RETURN_IF_ERROR(GetString(j, "operation", &out.operation));
  UA_RETURN_IF_ERROR(GetString(j, "profile", &out.profile));
  UA_RETURN_IF_ERROR(GetString(j, "backup_id", &out.backup_id));
  UA_RETURN_IF_ERROR(GetString(j, "started", &out.started));
  UA_RETURN_IF_ERROR(GetString(j, "target", &out.target));
  UA_RETURN_IF_ERROR(GetString(j, "staging_dir", &out.staging_dir));
  std::string step;
  UA_RETURN_IF_ERROR(GetString(j, "step", &step));
  auto parsed = ParseJournalStep(step);
  if (!parsed) return Bad("unknown step '" + step + "'");
  out.step = *parsed;
  auto plan = j.find("plan");
  if (plan == j.end() || !plan->is_object()) return Bad("'plan' is not an object");
  UA_RETURN_IF_ERROR(GetPaths(*plan, "added", &out.plan.added));
  UA_RETURN_IF_ERROR(GetPaths(*plan, "modified", &out.plan.modified));
  UA_RETURN_IF_ERROR(GetPaths(*plan, "removed", &out.plan.removed));
  return out;
}

Status WriteJournal(const std::filesystem::path& backup_dir, const Journal& journal) {
  return WriteFileAtomically(JournalPath(backup_dir), journal.ToJson().dump(2) + "\n", 0600);
}

Result<std::optional<Journal>> ReadJournal(const std::filesystem::path& backup_dir) {
  auto path = JournalPath(backup_dir);
  auto text = fs::ReadFile(path, /*follow_symlinks=*/false);
  if (!text.ok()) {
    if (text.status().code() == StatusCode::kNotFound) return std::optional<Journal>();
    return text.status();
  }
  auto j = json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) {
    Status s = Bad("not valid JSON");
    s.AddContext(path.string());
    return s;
  }
  auto journal = Journal::FromJson(j);
  if (!journal.ok()) {
    Status s = journal.status();
    s.AddContext(path.string());
    return s;
  }
  return std::optional<Journal>(std::move(journal).value());
}

Status RemoveJournal(const std::filesystem::path& backup_dir) {
  return RemoveFileDurably(JournalPath(backup_dir));
}

}  // namespace ua::engine
