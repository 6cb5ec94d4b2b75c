#include "deploy_engine/operations/operation_control.h"

#include <signal.h>

#include <condition_variable>
#include <mutex>

#include "deploy_engine/state/layout.h"
#include "platform/detached_process.h"

namespace ua::engine {
namespace {

constexpr std::chrono::milliseconds kPollInterval{50};

bool IsAlive(const OperationRecord& r) {
  return r.phase != OperationPhase::kFinished && ProcessExists(r.pid);
}

OperationView ViewOf(OperationRecord record) {
  OperationView view;
  view.interrupted = record.phase != OperationPhase::kFinished && !ProcessExists(record.pid);
  view.record = std::move(record);
  return view;
}

// Sleeps one poll interval, or less when `stop` is requested.
void Pause(std::stop_token stop) {
  std::mutex mu;
  std::condition_variable_any cv;
  std::unique_lock lock(mu);
  cv.wait_for(lock, stop, kPollInterval, [] { return false; });
}

bool SameProgress(const OperationRecord& a, const OperationRecord& b) {
  return a.phase == b.phase && a.state == b.state && a.percent == b.percent &&
         a.files_done == b.files_done && a.message == b.message;
}

}  // namespace

Result<OperationView> LookUpOperation(const std::filesystem::path& backup_dir,
                                      std::string_view id) {
  UA_ASSIGN_OR_RETURN(OperationRecord record, ReadOperationRecord(backup_dir, id));
  return ViewOf(std::move(record));
}

std::vector<OperationRecord> RunningOperations(const std::filesystem::path& backup_dir) {
  std::vector<OperationRecord> out;
  for (auto& r : ListOperationRecords(backup_dir)) {
    if (IsAlive(r)) out.push_back(std::move(r));
  }
  return out;
}

Result<OperationView> WaitForOperation(const std::filesystem::path& backup_dir, std::string_view id,
                                       std::chrono::milliseconds window, std::stop_token stop,
                                       const OperationObserver& on_change) {
  const auto deadline = std::chrono::steady_clock::now() + window;
  std::optional<OperationRecord> last;
  while (true) {
    auto read = ReadOperationRecord(backup_dir, id);
    // A torn read cannot happen (records are renamed into place); anything else is real.
    if (!read.ok()) return read.status();
    OperationView view = ViewOf(std::move(*read));
    if (on_change && (!last || !SameProgress(*last, view.record))) on_change(view.record);
    last = view.record;
    if (view.record.phase == OperationPhase::kFinished || view.interrupted ||
        stop.stop_requested() || std::chrono::steady_clock::now() >= deadline) {
      return view;
    }
    Pause(stop);
  }
}

Result<OperationView> WaitForFirstRecord(const std::filesystem::path& backup_dir,
                                         std::string_view id, int pid,
                                         std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    auto view = LookUpOperation(backup_dir, id);
    if (view.ok() || view.status().code() != StatusCode::kNotFound) return view;
    const bool gone = !ProcessExists(pid);
    if (gone || std::chrono::steady_clock::now() >= deadline) {
      return NotFound(
          "the operation process (pid " + std::to_string(pid) + ") " +
          (gone ? "exited"
                : "did not report within " + std::to_string(timeout.count() / 1000) + " s") +
          " before it started; its log is " +
          OperationLogPath(backup_dir, std::string(id)).string());
    }
    Pause({});
  }
}

Result<CancelResult> CancelOperation(const std::filesystem::path& backup_dir, std::string_view id) {
  UA_ASSIGN_OR_RETURN(OperationView view, LookUpOperation(backup_dir, id));
  CancelResult out;
  const OperationRecord& r = view.record;
  if (r.phase == OperationPhase::kFinished) {
    const std::string outcome =
        r.result && r.result->contains("outcome") && (*r.result)["outcome"].is_string()
            ? (*r.result)["outcome"].get<std::string>()
            : std::string(r.is_error ? "error" : "finished");
    out.message = "Operation " + r.deployment_id + " had already finished (" + outcome +
                  "); nothing was stopped.";
  } else if (view.interrupted) {
    out.message = "Operation " + r.deployment_id + " is no longer running (its process " +
                  std::to_string(r.pid) +
                  " is gone); the next command recovers production from its journal.";
  } else if (::kill(r.pid, SIGTERM) != 0) {
    return ErrnoStatus(
        "signal operation " + r.deployment_id + " (pid " + std::to_string(r.pid) + ")", errno);
  } else {
    out.signalled = true;
    out.message = "Asked operation " + r.deployment_id + " (pid " + std::to_string(r.pid) + ", " +
                  (r.state.empty() ? "starting" : r.state) +
                  ") to stop at its next safe point; production is rolled back if it was "
                  "touched.";
  }
  out.view = std::move(view);
  return out;
}

}  // namespace ua::engine
