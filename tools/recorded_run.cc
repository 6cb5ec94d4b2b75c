#include "tools/recorded_run.h"

#include <unistd.h>

#include <chrono>

#include <spdlog/spdlog.h>

#include "deploy_engine/state/operation_record.h"
#include "platform/clock.h"
#include "tools/restart_report.h"

namespace ua::tools {
namespace {

constexpr std::chrono::milliseconds kMinStepInterval{100};
// Finished records kept per profile (with their logs); running ones are never pruned.
constexpr size_t kFinishedRecordsKept = 20;

// Keeps one operation's record. Used by the operation's own thread only.
class RecordKeeper {
 public:
  RecordKeeper(const RecordedRun& run, const Clock& clock)
      : dir_(run.profile.backup_dir), clock_(clock) {
    record_.deployment_id = run.deployment_id;
    record_.operation = run.operation;
    record_.profile = run.profile.name;
    record_.phase = engine::OperationPhase::kRunning;
    record_.started = FormatIsoUtc(clock_.Now());
    record_.pid = static_cast<int>(::getpid());
    record_.message = "starting";
    Write();
  }

  void Progress(const engine::ProgressUpdate& u) {
    const std::string state = engine::DeployStateName(u.state);
    const auto now = std::chrono::steady_clock::now();
    const bool new_state = state != record_.state;
    record_.state = state;
    record_.percent = u.percent;
    record_.files_done = u.done;
    record_.files_total = u.total;
    record_.message = u.message;
    if (new_state || now - last_write_ >= kMinStepInterval) Write();
  }

  void Finish(const mcp::ToolResult& result) {
    record_.phase = engine::OperationPhase::kFinished;
    record_.result = result.structured;
    record_.text = result.human_text;
    record_.is_error = result.is_error;
    if (result.structured.is_object()) {
      record_.percent = result.is_error ? record_.percent : 100;
      record_.message = result.structured.value("outcome", std::string("finished"));
    }
    Write();
    if (Status s = engine::PruneOperationRecords(dir_, kFinishedRecordsKept); !s.ok()) {
      spdlog::warn("operation records: {}", s.ToString());
    }
  }

 private:
  void Write() {
    record_.updated = FormatIsoUtc(clock_.Now());
    last_write_ = std::chrono::steady_clock::now();
    if (Status s = engine::WriteOperationRecord(dir_, record_); !s.ok()) {
      spdlog::warn("operation {}: could not update its record: {}", record_.deployment_id,
                   s.ToString());
    }
  }

  std::filesystem::path dir_;
  const Clock& clock_;
  engine::OperationRecord record_;
  std::chrono::steady_clock::time_point last_write_{};
};

}  // namespace

OperationReply RunRecorded(const ToolSession& session, const RecordedRun& run,
                           const OperationBody& body, std::stop_token stop,
                           engine::ProgressFn also) {
  RecordKeeper keeper(run, SystemClock());
  engine::DeployContext context;
  context.env = &session.env;
  context.stop = std::move(stop);
  context.deployment_id = run.deployment_id;
  context.progress = [&keeper, &also](const engine::ProgressUpdate& u) {
    keeper.Progress(u);
    if (also) also(u);
  };
  OperationReply reply = body(context);
  AddRestartAdvice(run.profile.target, &reply.result);
  keeper.Finish(reply.result);
  return reply;
}

}  // namespace ua::tools
