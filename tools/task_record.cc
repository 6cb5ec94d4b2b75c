#include "tools/task_record.h"

#include <fstream>
#include <regex>
#include <sstream>
#include <system_error>

#include "deploy_engine/state/layout.h"
#include "platform/atomic_file.h"
#include "platform/clock.h"
#include "platform/fs_ops.h"
#include "platform/secrets.h"

namespace ua::tools {
namespace {

using nlohmann::json;

const char* StageName(TaskStage stage) {
  switch (stage) {
    case TaskStage::kWaiting:
      return "waiting";
    case TaskStage::kStarted:
      return "started";
    case TaskStage::kEnded:
      return "ended";
  }
  return "ended";
}

std::optional<TaskStage> ParseStage(const std::string& name) {
  if (name == "waiting") return TaskStage::kWaiting;
  if (name == "started") return TaskStage::kStarted;
  if (name == "ended") return TaskStage::kEnded;
  return std::nullopt;
}

json ToJson(const TaskRecord& r) {
  return {{"task_id", r.task_id},
          {"tool", r.tool},
          {"operation", r.operation},
          {"profile", r.profile},
          {"caller", r.caller},
          {"args", r.args},
          {"created", r.created},
          {"updated", r.updated},
          {"ttl_ms", r.ttl_ms},
          {"stage", StageName(r.stage)},
          {"input_key", r.input_key},
          {"input_request", r.input_request},
          {"plan_digest", r.plan_digest},
          {"questions", r.questions},
          {"deployment_id", r.deployment_id},
          {"cancel_requested", r.cancel_requested},
          {"cancelled", r.cancelled},
          {"result", r.result}};
}

Result<TaskRecord> FromJson(const json& j) {
  TaskRecord r;
  try {
    r.task_id = j.at("task_id").get<std::string>();
    r.tool = j.at("tool").get<std::string>();
    r.operation = j.at("operation").get<std::string>();
    r.profile = j.at("profile").get<std::string>();
    r.caller = j.at("caller").get<std::string>();
    r.args = j.at("args");
    r.created = j.at("created").get<std::string>();
    r.updated = j.at("updated").get<std::string>();
    r.ttl_ms = j.at("ttl_ms").get<int64_t>();
    auto stage = ParseStage(j.at("stage").get<std::string>());
    if (!stage) return Status(StatusCode::kCorrupt, "unknown task stage");
    r.stage = *stage;
    r.input_key = j.at("input_key").get<std::string>();
    r.input_request = j.at("input_request");
    r.plan_digest = j.at("plan_digest").get<std::string>();
    r.questions = j.at("questions").get<int>();
    r.deployment_id = j.at("deployment_id").get<std::string>();
    r.cancel_requested = j.at("cancel_requested").get<bool>();
    r.cancelled = j.at("cancelled").get<bool>();
    r.result = j.at("result");
  } catch (const json::exception& e) {
    return Status(StatusCode::kCorrupt, std::string("damaged task record: ") + e.what());
  }
  return r;
}

int64_t ExpiresAtMs(const TaskRecord& r) {
  auto created = ParseIsoUtc(r.created);
  return created.ok() ? UnixMillis(*created) + r.ttl_ms : 0;
}

}  // namespace

Result<std::string> NewTaskId(const std::string& profile) {
  UA_ASSIGN_OR_RETURN(std::string random, RandomHex(16));
  return profile + ":" + random;
}

std::optional<std::string> TaskProfile(const std::string& task_id) {
  static const std::regex kShape("([A-Za-z0-9_.-]{1,64}):[0-9a-f]{32}");
  std::smatch match;
  if (!std::regex_match(task_id, match, kShape)) return std::nullopt;
  return match[1].str();
}

Status WriteTaskRecord(const std::filesystem::path& backup_dir, const TaskRecord& record) {
  UA_RETURN_IF_ERROR(fs::MakeDirs(engine::TasksDir(backup_dir), 0700));
  return WriteFileAtomically(engine::TaskRecordPath(backup_dir, record.task_id),
                             ToJson(record).dump(2) + "\n", 0600);
}

Result<TaskRecord> ReadTaskRecord(const std::filesystem::path& backup_dir,
                                  const std::string& task_id) {
  const std::filesystem::path path = engine::TaskRecordPath(backup_dir, task_id);
  std::ifstream in(path);
  if (!in) return NotFound("unknown task " + task_id);
  std::stringstream text;
  text << in.rdbuf();
  json doc = json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) {
    return Status(StatusCode::kCorrupt, "the task record " + path.string() + " is damaged");
  }
  UA_ASSIGN_OR_RETURN(TaskRecord record, FromJson(doc));
  if (!ConstantTimeEquals(record.task_id, task_id)) return NotFound("unknown task " + task_id);
  return record;
}

bool TaskExpired(const TaskRecord& record, int64_t now_ms) { return ExpiresAtMs(record) < now_ms; }

void PruneTaskRecords(const std::filesystem::path& backup_dir, int64_t now_ms) {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(engine::TasksDir(backup_dir), ec)) {
    if (entry.path().extension() != ".json") continue;
    std::ifstream in(entry.path());
    json doc = json::parse(in, nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded()) continue;
    auto record = FromJson(doc);
    if (record.ok() && TaskExpired(*record, now_ms)) std::filesystem::remove(entry.path(), ec);
  }
}

}  // namespace ua::tools
