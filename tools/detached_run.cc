#include "tools/detached_run.h"

#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <vector>

#include "deploy_engine/state/deployment_id.h"
#include "deploy_engine/state/layout.h"
#include "platform/detached_process.h"
#include "platform/fs_ops.h"

namespace ua::tools {
namespace {

using nlohmann::json;

// How long a started process may take to write its first record (it only parses its
// arguments and loads the config first).
constexpr std::chrono::seconds kFirstRecordTimeout{20};

// How long a process whose progress stream has ended may take to be seen as finished or gone.
constexpr std::chrono::seconds kExitGrace{10};

std::string Noun(const std::string& operation) {
  return operation == "rollback" ? "Rollback" : "Deployment";
}

mcp::ToolResult RunningResult(const engine::OperationView& view) {
  const engine::OperationRecord& r = view.record;
  mcp::ToolResult out;
  out.structured = OperationJson(view);
  out.structured["outcome"] = "running";
  const std::string tool = r.operation == "rollback" ? "ua_self_rollback" : "ua_self_deploy";
  char percent[16];
  std::snprintf(percent, sizeof percent, "%.0f%%", r.percent);
  out.human_text = Noun(r.operation) + " " + r.deployment_id + " is still running (" +
                   (r.state.empty() ? std::string("starting") : r.state) + ", " + percent +
                   ") and goes on by itself. Follow it with ua_self_status {\"deployment_id\": \"" +
                   r.deployment_id +
                   "\", \"wait_s\": 45}, which returns its result once it has "
                   "finished; stop it with " +
                   tool + " {\"cancel\": \"" + r.deployment_id + "\"}.";
  return out;
}

mcp::ToolResult InterruptedResult(const std::filesystem::path& backup_dir,
                                  const engine::OperationView& view) {
  const engine::OperationRecord& r = view.record;
  return mcp::ToolResult::Error(
      Noun(r.operation) + " " + r.deployment_id + " stopped without finishing: its process (pid " +
          std::to_string(r.pid) + ") is gone, last seen in " +
          (r.state.empty() ? std::string("starting") : r.state) +
          ". The next ua-deploy command for this profile recovers production from its journal "
          "(to the old release unless the new one was complete); ua_self_status shows the "
          "outcome. Its log: " +
          engine::OperationLogPath(backup_dir, r.deployment_id).string() + ".",
      OperationJson(view));
}

// Forwards the stream's progress lines until EOF (true: the operation process has ended),
// the window closes or `stop` is requested (false).
bool ForwardProgress(int fd, std::chrono::milliseconds window, const std::stop_token& stop,
                     const std::function<void(double, const std::string&)>& progress) {
  const auto deadline = std::chrono::steady_clock::now() + window;
  std::string buffer;
  while (!stop.stop_requested()) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd, POLLIN, 0};
    // Short slices, so that a stop request is seen soon.
    const int ready = ::poll(&p, 1, static_cast<int>(std::min<int64_t>(left.count(), 100)));
    if (ready < 0 && errno != EINTR) return false;
    if (ready <= 0) continue;
    char chunk[4096];
    const ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return true;
    buffer.append(chunk, static_cast<size_t>(n));
    for (size_t nl; (nl = buffer.find('\n')) != std::string::npos; buffer.erase(0, nl + 1)) {
      json line = json::parse(buffer.substr(0, nl), nullptr, /*allow_exceptions=*/false);
      if (progress && line.is_object() && line.contains("percent") && line["percent"].is_number()) {
        progress(line["percent"].get<double>(), line.value("message", std::string()));
      }
    }
  }
  return false;
}

}  // namespace

json OperationJson(const engine::OperationView& view) {
  const engine::OperationRecord& r = view.record;
  return {{"deployment_id", r.deployment_id},
          {"operation", r.operation},
          {"profile", r.profile},
          {"phase", view.interrupted ? "interrupted" : engine::OperationPhaseName(r.phase)},
          {"state", r.state},
          {"percent", r.percent},
          {"files_done", r.files_done},
          {"files_total", r.files_total},
          {"message", r.message},
          {"started", r.started},
          {"updated", r.updated},
          {"pid", r.pid}};
}

std::chrono::milliseconds WaitWindow(const json& args, const engine::Profile& profile) {
  int seconds = profile.wait_s;
  if (auto it = args.find("wait_s"); it != args.end() && it->is_number_integer()) {
    seconds = it->get<int>();
  }
  return std::chrono::seconds(seconds);
}

Result<StartedOperation> StartDetached(const ToolSession& session, const std::string& operation,
                                       const engine::Profile& profile, const json& args,
                                       const std::string& caller) {
  if (session.executable.empty()) {
    return Internal("cannot start a detached " + operation +
                    ": the path of the ua-deploy executable is unknown");
  }
  StartedOperation started;
  started.deployment_id =
      engine::NewDeploymentId(SystemClock(), operation == "rollback" ? 'r' : 'd');
  started.backup_dir = profile.backup_dir;
  UA_RETURN_IF_ERROR(fs::MakeDirs(engine::OperationsDir(profile.backup_dir), 0700));

  std::vector<std::string> argv = {
      session.executable.string(), "run-operation", "--operation", operation,  "--deployment-id",
      started.deployment_id,       "--arguments",   args.dump(),   "--caller", caller};
  if (session.config_flag) {
    argv.push_back("--config");
    argv.push_back(std::filesystem::absolute(*session.config_flag).string());
  }
  DetachedOptions options;
  options.stderr_path = engine::OperationLogPath(profile.backup_dir, started.deployment_id);
  options.pipe_stdout = true;
  UA_ASSIGN_OR_RETURN(DetachedProcess process, SpawnDetached(argv, options));
  started.pid = process.pid;
  started.progress_fd = process.stdout_fd;
  if (Status s = engine::WaitForFirstRecord(profile.backup_dir, started.deployment_id, started.pid,
                                            kFirstRecordTimeout)
                     .status();
      !s.ok()) {
    if (started.progress_fd >= 0) ::close(started.progress_fd);
    return s;
  }
  return started;
}

std::string ProgressStreamLine(double percent, const std::string& message) {
  return json{{"percent", percent}, {"message", message}}.dump() + "\n";
}

mcp::ToolResult FollowOperation(const std::filesystem::path& backup_dir, const std::string& id,
                                std::chrono::milliseconds window, std::stop_token stop,
                                const std::function<void(double, const std::string&)>& progress,
                                int progress_fd) {
  if (progress_fd >= 0) {
    const bool ended = ForwardProgress(progress_fd, window, stop, progress);
    ::close(progress_fd);
    // Ended: the process has written its last record, or it is dying. Its stdout closes
    // before the kernel marks it gone, so a killed one may still look alive for a moment:
    // wait (bounded) until the record is final or the process has vanished.
    if (ended) window = kExitGrace;
  }
  auto view = engine::WaitForOperation(
      backup_dir, id, window, std::move(stop), [&](const engine::OperationRecord& r) {
        if (progress && progress_fd < 0 && r.phase == engine::OperationPhase::kRunning &&
            !r.state.empty()) {
          progress(r.percent, r.message);
        }
      });
  if (!view.ok()) return mcp::ToolResult::Error(view.status().ToString());
  return OperationResult(backup_dir, *view);
}

mcp::ToolResult OperationResult(const std::filesystem::path& backup_dir,
                                const engine::OperationView& view) {
  if (view.interrupted) return InterruptedResult(backup_dir, view);
  const engine::OperationRecord& r = view.record;
  if (r.phase != engine::OperationPhase::kFinished) return RunningResult(view);
  mcp::ToolResult out;
  out.structured = r.result ? *r.result : json(nullptr);
  out.human_text = r.text;
  out.is_error = r.is_error;
  return out;
}

}  // namespace ua::tools
