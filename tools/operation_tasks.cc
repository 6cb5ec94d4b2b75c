#include "tools/operation_tasks.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>

#include "deploy_engine/operations/operation_control.h"
#include "mcp/json_rpc.h"
#include "mcp/tool_call.h"
#include "platform/clock.h"
#include "tools/detached_run.h"
#include "tools/task_record.h"

namespace ua::tools {
namespace {

using nlohmann::json;

json TaskJson(const TaskRecord& r, const char* status, const std::string& message,
              const std::string& updated) {
  json task = {{"taskId", r.task_id},    {"status", status},
               {"createdAt", r.created}, {"lastUpdatedAt", updated.empty() ? r.updated : updated},
               {"ttlMs", r.ttl_ms},      {"pollIntervalMs", kTaskPollIntervalMs}};
  if (!message.empty()) task["statusMessage"] = message;
  return task;
}

// The CallToolResult a call returns, as a task's `result` carries it.
json CompletedResult(const mcp::ToolResult& result) {
  json out = mcp::ToCallToolResult(result);
  out["resultType"] = "complete";
  return out;
}

void AskIn(TaskRecord& record, const ConfirmationQuestion& question) {
  record.stage = TaskStage::kWaiting;
  record.questions += 1;
  record.input_key = std::string(kConfirmInputKey) + "-" + std::to_string(record.questions);
  record.input_request = {{"method", "elicitation/create"},
                          {"params", ElicitationParams(question)}};
  record.plan_digest = question.plan_digest;
}

// Starts the operation of `record` and moves it to kStarted (not yet written).
Status StartIn(const ToolSession& session, TaskRecord& record, const engine::Profile& profile) {
  UA_ASSIGN_OR_RETURN(StartedOperation started, StartDetached(session, record.operation, profile,
                                                              record.args, record.caller));
  // Nobody follows the progress stream of a task: its record is read instead.
  if (started.progress_fd >= 0) ::close(started.progress_fd);
  record.stage = TaskStage::kStarted;
  record.deployment_id = started.deployment_id;
  record.input_key.clear();
  record.input_request = nullptr;
  return Status::Ok();
}

Status Save(const ToolSession& session, const std::filesystem::path& backup_dir,
            TaskRecord& record) {
  record.updated = FormatIsoUtc(session.now());
  Status written = WriteTaskRecord(backup_dir, record);
  if (!written.ok() && !record.deployment_id.empty()) {
    return Status(written.code(),
                  written.message() + "; the operation " + record.deployment_id +
                      " runs anyway: follow it with ua_self_status {\"deployment_id\": \"" +
                      record.deployment_id + "\"}");
  }
  return written;
}

std::string WorkingMessage(const engine::OperationRecord& r) {
  char percent[16];
  std::snprintf(percent, sizeof percent, "%.0f%%", r.percent);
  std::string s = (r.state.empty() ? std::string("starting") : r.state) + " " + percent;
  if (!r.message.empty()) s += ": " + r.message;
  return s;
}

}  // namespace

struct OperationTasks::Found {
  engine::Profile profile;
  TaskRecord record;
};

Result<json> CreateOperationTask(const ToolSession& session, const ConfirmSubject& subject,
                                 const std::optional<ConfirmationQuestion>& question,
                                 const std::string& caller) {
  const engine::Profile& profile = subject.profile;
  PruneTaskRecords(profile.backup_dir, UnixMillis(session.now()));
  TaskRecord record;
  UA_ASSIGN_OR_RETURN(record.task_id, NewTaskId(profile.name));
  record.tool = subject.tool;
  record.operation = subject.operation;
  record.profile = profile.name;
  record.caller = caller;
  record.args = subject.args;
  record.created = FormatIsoUtc(session.now());
  record.ttl_ms = kTaskTtlMs;
  if (question) {
    AskIn(record, *question);
  } else {
    UA_RETURN_IF_ERROR(StartIn(session, record, profile));
  }
  UA_RETURN_IF_ERROR(Save(session, profile.backup_dir, record));
  return question ? TaskJson(record, "input_required", "waiting for a person to approve", "")
                  : TaskJson(record, "working", "started " + record.deployment_id, "");
}

Result<OperationTasks::Found> OperationTasks::Find(const std::string& task_id) const {
  auto unknown = [&] {
    return NotFound("unknown or expired task '" + task_id +
                    "': pass a taskId exactly as ua_self_deploy or ua_self_rollback returned it "
                    "(tasks are kept for 24 hours)");
  };
  std::optional<std::string> profile_name = TaskProfile(task_id);
  if (!profile_name) return unknown();
  auto resolved = session_.ResolveProfile(*profile_name);
  if (!resolved.ok()) return unknown();
  Found found{resolved->second, {}};
  auto record = ReadTaskRecord(found.profile.backup_dir, task_id);
  if (!record.ok()) {
    if (record.status().code() == StatusCode::kNotFound) return unknown();
    return record.status();
  }
  if (TaskExpired(*record, UnixMillis(session_.now()))) return unknown();
  found.record = std::move(*record);
  return found;
}

Result<json> OperationTasks::Get(const std::string& task_id) {
  UA_ASSIGN_OR_RETURN(Found found, Find(task_id));
  const TaskRecord& r = found.record;
  switch (r.stage) {
    case TaskStage::kWaiting: {
      json task = TaskJson(r, "input_required", "waiting for a person to approve", "");
      task["inputRequests"] = {{r.input_key, r.input_request}};
      return task;
    }
    case TaskStage::kEnded: {
      if (r.cancelled) return TaskJson(r, "cancelled", "cancelled before it started", "");
      json task = TaskJson(r, "completed", "", "");
      task["result"] = r.result;
      return task;
    }
    case TaskStage::kStarted:
      break;
  }
  auto view = engine::LookUpOperation(found.profile.backup_dir, r.deployment_id);
  if (!view.ok()) {
    json task = TaskJson(r, "failed", "its operation record is unreadable", "");
    task["error"] = {{"code", mcp::kInternalError},
                     {"message", "operation " + r.deployment_id + ": " + view.status().ToString()}};
    return task;
  }
  const engine::OperationRecord& op = view->record;
  const bool running = !view->interrupted && op.phase != engine::OperationPhase::kFinished;
  if (running) return TaskJson(r, "working", WorkingMessage(op), op.updated);
  const mcp::ToolResult result = OperationResult(found.profile.backup_dir, *view);
  if (view->interrupted) {
    json task = TaskJson(r, "failed", "its process died", op.updated);
    task["error"] = {{"code", mcp::kInternalError}, {"message", result.human_text}};
    return task;
  }
  if (r.cancel_requested && result.is_error) {
    return TaskJson(r, "cancelled", result.human_text, op.updated);
  }
  json task = TaskJson(r, "completed", "", op.updated);
  task["result"] = CompletedResult(result);
  return task;
}

Status OperationTasks::Update(const std::string& task_id, const json& input_responses) {
  UA_ASSIGN_OR_RETURN(Found found, Find(task_id));
  TaskRecord& r = found.record;
  // Answers for keys that are not outstanding are ignored, as the extension asks.
  if (r.stage != TaskStage::kWaiting || !input_responses.contains(r.input_key)) {
    return Status::Ok();
  }
  UA_ASSIGN_OR_RETURN(ConfirmSubject subject, subject_for_(r.operation, r.args, r.caller));
  subject.profile = found.profile;
  const json& answer = input_responses[r.input_key];
  if (!Approved(answer)) {
    r.stage = TaskStage::kEnded;
    r.result = CompletedResult(
        NotApproved(subject, "the person answered " + answer.value("action", std::string("no"))));
    return Save(session_, found.profile.backup_dir, r);
  }
  auto question = PrepareQuestion(subject);
  if (!question.ok()) return question.status();
  if (*question && (*question)->plan_digest != r.plan_digest) {
    ConfirmationQuestion again = **question;
    again.message = "The plan changed since you were asked. " + again.message;
    AskIn(r, again);
    return Save(session_, found.profile.backup_dir, r);
  }
  UA_RETURN_IF_ERROR(StartIn(session_, r, found.profile));
  return Save(session_, found.profile.backup_dir, r);
}

Status OperationTasks::Cancel(const std::string& task_id) {
  UA_ASSIGN_OR_RETURN(Found found, Find(task_id));
  TaskRecord& r = found.record;
  switch (r.stage) {
    case TaskStage::kEnded:
      return Status::Ok();
    case TaskStage::kWaiting:
      r.stage = TaskStage::kEnded;
      r.cancelled = true;
      return Save(session_, found.profile.backup_dir, r);
    case TaskStage::kStarted:
      break;
  }
  auto cancel = engine::CancelOperation(found.profile.backup_dir, r.deployment_id);
  if (!cancel.ok() && cancel.status().code() != StatusCode::kNotFound) return cancel.status();
  if (cancel.ok() && !cancel->signalled) return Status::Ok();  // it had already finished
  r.cancel_requested = true;
  return Save(session_, found.profile.backup_dir, r);
}

}  // namespace ua::tools
