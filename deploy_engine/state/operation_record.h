// OperationRecord: the live state, and in the end the full result, of one deploy or rollback,
// kept in <backup_dir>/operations/<deployment_id>.json (layout.h) where any ua-deploy process
// can read it: the MCP server that started the operation, a later one, or the CLI.
//
// One writer per record: the process that runs the operation, from its first line on (whoever
// started it waits for that first record, tools/detached_run.h). Progress is written
// atomically but not durably (a crash may lose the last update, never leave half a file);
// the finished record is written durably. Readers never block a writer.
//
// Plain values and stateless functions; safe from any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/status.h"

namespace ua::engine {

enum class OperationPhase {
  kRunning,   // the operation's process reports progress
  kFinished,  // `result` holds the final result
};
const char* OperationPhaseName(OperationPhase phase);  // "running", "finished"

struct OperationRecord {
  std::string deployment_id;
  std::string operation;  // "deploy" | "rollback"
  std::string profile;
  OperationPhase phase = OperationPhase::kRunning;
  std::string state;  // the state machine's state, e.g. "BACKING_UP"; "" before CHECKING
  double percent = 0;
  size_t files_done = 0;  // inside the current state, when it handles files
  size_t files_total = 0;
  std::string message;
  std::string started;  // ISO UTC
  std::string updated;  // ISO UTC of the last write
  int pid = 0;          // the process running the operation; 0 before it reported
  // Finished only: the result as the tool returns it (structuredContent and the human text),
  // and whether the tool reports it as an error.
  std::optional<nlohmann::json> result;
  std::string text;
  bool is_error = false;

  nlohmann::json ToJson() const;
  // kCorrupt when `j` is not a record.
  static Result<OperationRecord> FromJson(const nlohmann::json& j);
};

// True for the ids NewDeploymentId makes ("d"/"r" + stamp + "-" + 4 hex). Anything else is
// refused before a path is built from it.
bool IsDeploymentId(std::string_view id);

// Writes the record for `record.deployment_id` (an IsDeploymentId id), creating the
// operations directory (0700) when missing. Finished records are written durably.
Status WriteOperationRecord(const std::filesystem::path& backup_dir, const OperationRecord& record);

// kNotFound when there is no record of `id`; kInvalidArgument when `id` is not an id;
// kCorrupt when the file is not a record.
Result<OperationRecord> ReadOperationRecord(const std::filesystem::path& backup_dir,
                                            std::string_view id);

// Every readable record, newest first (by id, whose stamp sorts by time). Unreadable files
// are skipped. A missing directory is an empty list.
std::vector<OperationRecord> ListOperationRecords(const std::filesystem::path& backup_dir);

// Removes finished records beyond the newest `keep` finished ones. Records that are not
// finished are kept: their process may still run.
Status PruneOperationRecords(const std::filesystem::path& backup_dir, size_t keep);

}  // namespace ua::engine
