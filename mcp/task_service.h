// TaskService: the application's side of the Tasks extension (io.modelcontextprotocol/tasks),
// for revision 2026-07-28. A tool creates a task by returning ToolResult::task; the server
// answers tasks/get, tasks/update and tasks/cancel through this interface, only for requests
// whose envelope declares the extension (else -32021).
//
// Tasks must outlive the process that created them (a later `serve` process answers for
// them), so an implementation keeps them durably, not in memory.
//
// Status codes the server maps: kNotFound and kInvalidArgument -> -32602 (the message is
// shown); anything else -> -32603. Called on the server's reader thread, one at a time; an
// implementation must be quick (file reads, starting a process), never wait for the work.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "base/status.h"
#include "mcp/tool.h"

namespace ua::mcp {

class TaskService {
 public:
  virtual ~TaskService() = default;

  // The task as tasks/get shows it: {taskId, status, statusMessage?, createdAt,
  // lastUpdatedAt, ttlMs, pollIntervalMs} plus `result` (completed: the CallToolResult the
  // call would have returned), `error` (failed: a JSON-RPC error object) or `inputRequests`
  // (input_required).
  virtual Result<nlohmann::json> Get(const std::string& task_id) = 0;

  // Feeds the client's answers (inputResponses) to a task waiting for input; answers to keys
  // that are not outstanding are ignored.
  virtual Status Update(const std::string& task_id, const nlohmann::json& input_responses) = 0;

  // Asks the task to stop (cooperative; it may still complete).
  virtual Status Cancel(const std::string& task_id) = 0;
};

}  // namespace ua::mcp
