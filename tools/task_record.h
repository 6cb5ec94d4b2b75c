// TaskRecord: one MCP task (Tasks extension, revision 2026-07-28) as kept on disk, so that it
// outlives the `serve` process that created it: tasks/get, tasks/update and tasks/cancel may
// come to any later process. The file is <backup_dir>/tasks/<digest of the task id>.json
// (layout.h), written atomically and durably before the task id is handed out.
//
// A task is a deploy or rollback call seen through the protocol. It either waits for a
// person's confirmation (kWaiting), runs as a detached operation (kStarted: its live state is
// the operation's record), or ended without an operation (kEnded: not approved, or cancelled
// while waiting; its CallToolResult is kept here).
//
// Task ids are "<profile>:<128 random bits in hex>": the profile says where the record is,
// the random part makes the id unguessable.
//
// Stateless functions over the filesystem; safe from any thread and process. Concurrent
// writers of one task decide nothing between them: the last write wins.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "base/status.h"

namespace ua::tools {

enum class TaskStage { kWaiting, kStarted, kEnded };

struct TaskRecord {
  std::string task_id;
  std::string tool;       // "ua_self_deploy" | "ua_self_rollback"
  std::string operation;  // "deploy" | "rollback"
  std::string profile;
  std::string caller;                              // the client's name, as the operation records it
  nlohmann::json args = nlohmann::json::object();  // the call's arguments, checked and completed
  std::string created, updated;                    // ISO UTC
  int64_t ttl_ms = 0;
  TaskStage stage = TaskStage::kWaiting;
  // kWaiting: the outstanding question under `input_key` (keys are never reused: confirm-1,
  // confirm-2, ...) and the plan digest it showed.
  std::string input_key;
  nlohmann::json input_request;  // {method: "elicitation/create", params}
  std::string plan_digest;
  int questions = 0;
  std::string deployment_id;  // kStarted
  bool cancel_requested = false;
  bool cancelled = false;  // kEnded by tasks/cancel
  nlohmann::json result;   // kEnded: the CallToolResult
};

// "<profile>:<32 hex>"; kInternal when no randomness is available.
Result<std::string> NewTaskId(const std::string& profile);
// The profile part of a task id; nullopt when `task_id` is not shaped like one.
std::optional<std::string> TaskProfile(const std::string& task_id);

Status WriteTaskRecord(const std::filesystem::path& backup_dir, const TaskRecord& record);
// kNotFound for an unknown id (or one whose record is not this id's).
Result<TaskRecord> ReadTaskRecord(const std::filesystem::path& backup_dir,
                                  const std::string& task_id);
// The ttl (from creation) has passed: the task is gone for the client.
bool TaskExpired(const TaskRecord& record, int64_t now_ms);

// Removes task records whose ttl has passed (best effort).
void PruneTaskRecords(const std::filesystem::path& backup_dir, int64_t now_ms);

}  // namespace ua::tools
