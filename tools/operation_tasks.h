// Deploy and rollback calls as MCP tasks (revision 2026-07-28, extension
// io.modelcontextprotocol/tasks). A task is a detached operation (detached_run.h) seen through
// the protocol, so it outlives the request and the server: any later `serve` process answers
// tasks/get from the task record (task_record.h) and the operation's own record.
//
//  - CreateOperationTask answers a call whose request declared the extension: the task starts
//    at once, or waits for a person's confirmation (status input_required, answered with
//    tasks/update) when the profile asks for one. Its record is durable before the task id is
//    returned.
//  - tasks/get: working (statusMessage: state, percent, message) / input_required (the form) /
//    completed (`result`: the CallToolResult the call would have returned, isError results
//    included) / failed (the operation's process died: a JSON-RPC error saying how production
//    is recovered) / cancelled (stopped by tasks/cancel, production as before).
//  - tasks/cancel: stops the operation at its next safe point (it rolls production back if it
//    had touched it), or ends a task that still waits for its answer.
//  - Unknown or expired ids: kNotFound (-32602).
//
// Thread-safe (no state of its own besides the borrowed session, which must outlive it).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "mcp/task_service.h"
#include "tools/confirmation.h"
#include "tools/tool_session.h"

namespace ua::tools {

inline constexpr int64_t kTaskTtlMs = 24 * 60 * 60 * 1000;
inline constexpr int64_t kTaskPollIntervalMs = 1000;

// The ConfirmSubject of `operation` ("deploy" | "rollback") with `args` for `caller`: how a
// task waiting for its answer previews the operation again before it starts it.
using SubjectFor = std::function<Result<ConfirmSubject>(
    const std::string& operation, const nlohmann::json& args, const std::string& caller)>;

// The Task ({taskId, status, createdAt, ...}) of a new task for `subject`. `question`: ask
// it first (status input_required); nullopt: start the operation now.
Result<nlohmann::json> CreateOperationTask(const ToolSession& session,
                                           const ConfirmSubject& subject,
                                           const std::optional<ConfirmationQuestion>& question,
                                           const std::string& caller);

class OperationTasks : public mcp::TaskService {
 public:
  OperationTasks(const ToolSession& session, SubjectFor subject_for)
      : session_(session), subject_for_(std::move(subject_for)) {}

  Result<nlohmann::json> Get(const std::string& task_id) override;
  Status Update(const std::string& task_id, const nlohmann::json& input_responses) override;
  Status Cancel(const std::string& task_id) override;

 private:
  struct Found;
  Result<Found> Find(const std::string& task_id) const;

  const ToolSession& session_;
  SubjectFor subject_for_;
};

}  // namespace ua::tools
