// Following and stopping operations that run in processes of their own, through their records
// (state/operation_record.h): is an operation still alive, wait for it within a window, list
// the running ones, ask one to stop.
//
// An operation is alive while its process exists. A record that is not finished and whose
// process is gone belongs to an operation that died (SIGKILL, power loss): it is reported as
// interrupted, and the next command that takes the profile's lock recovers production from
// the journal as for any crash (recovery.h).
//
// Stateless functions over the filesystem; safe from any thread and any process.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "deploy_engine/state/operation_record.h"

namespace ua::engine {

struct OperationView {
  OperationRecord record;
  bool interrupted = false;  // not finished, and its process is gone
};

// kNotFound / kInvalidArgument as ReadOperationRecord.
Result<OperationView> LookUpOperation(const std::filesystem::path& backup_dir, std::string_view id);

// Records that are not finished and whose process is alive, newest first.
std::vector<OperationRecord> RunningOperations(const std::filesystem::path& backup_dir);

// Waits until the operation finishes, its process disappears, `window` passes or `stop` is
// requested, whichever comes first, and returns the record as it then is. `on_change` (may be
// empty) sees every new state of the record while waiting. The record is polled, so a change
// is seen within about 50 ms.
using OperationObserver = std::function<void(const OperationRecord& record)>;
Result<OperationView> WaitForOperation(const std::filesystem::path& backup_dir, std::string_view id,
                                       std::chrono::milliseconds window, std::stop_token stop,
                                       const OperationObserver& on_change);

// Waits, bounded by `timeout`, for the first record of a just-started operation whose process
// is `pid`: kNotFound with what to look at when the process exits without writing one.
Result<OperationView> WaitForFirstRecord(const std::filesystem::path& backup_dir,
                                         std::string_view id, int pid,
                                         std::chrono::milliseconds timeout);

struct CancelResult {
  bool signalled = false;  // the stop request was delivered to a running operation
  OperationView view;      // the record as it was when asked
  std::string message;     // what happened, for people
};
// Asks a running operation to stop at its next safe point (it then rolls back production if
// it had touched it). An operation that already finished, or whose process is gone, is not
// touched: the message says so. kNotFound for an unknown id.
Result<CancelResult> CancelOperation(const std::filesystem::path& backup_dir, std::string_view id);

}  // namespace ua::engine
