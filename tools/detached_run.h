// Operations started through MCP run in a process of their own, so that they outlive the
// request (clients cancel a tool call after about 60 s) and the MCP server itself (Claude
// Desktop kills its servers when it quits): StartDetached re-executes this binary as
// `ua-deploy run-operation ...` in a session of its own (platform/detached_process.h), and
// FollowOperation waits for it within a window, forwarding its progress, then answers with
// the final result or with `outcome: "running"` and how to follow up.
//
// Cancellation of the waiting (the client's notifications/cancelled) ends the wait only; the
// operation goes on. Stopping the operation is CancelOperation (engine) by its id.
//
// Thread-safe; the ToolSession must outlive the calls.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <stop_token>
#include <string>

#include <nlohmann/json.hpp>

#include "base/status.h"
#include "deploy_engine/config/config.h"
#include "deploy_engine/operations/operation_control.h"
#include "mcp/tool.h"
#include "tools/tool_session.h"

namespace ua::tools {

struct StartedOperation {
  std::string deployment_id;
  std::filesystem::path backup_dir;
  int pid = 0;
  // The operation's progress, one JSON line {percent, message} per update, until it ends
  // (ProgressStreamLine); owned by whoever follows the operation, which closes it.
  int progress_fd = -1;
};

// The line the operation process writes to its stdout for each progress update.
std::string ProgressStreamLine(double percent, const std::string& message);

// Starts `operation` ("deploy" | "rollback") with the tool arguments `args` for `profile` in
// a detached process, and returns once that process has written its first record (so a
// status call right after sees it). Errors: the binary cannot be started, or the process
// exits before it reports (its log under <backup_dir>/operations/ says why).
Result<StartedOperation> StartDetached(const ToolSession& session, const std::string& operation,
                                       const engine::Profile& profile, const nlohmann::json& args,
                                       const std::string& caller);

// Waits up to `window` for the operation, calling `progress(percent, message)` as it moves.
// Finished: its own result. Still running when the window closes or `stop` is requested:
// a result with outcome "running" (see RunningJson). Interrupted (its process died): an error
// result that says production is recovered by the next command.
//
// With the operation's progress stream (StartedOperation::progress_fd, closed here) every
// update is forwarded as it happens and the end is seen at once; without (-1) the record is
// polled.
mcp::ToolResult FollowOperation(const std::filesystem::path& backup_dir, const std::string& id,
                                std::chrono::milliseconds window, std::stop_token stop,
                                const std::function<void(double, const std::string&)>& progress,
                                int progress_fd = -1);

// The result a call gives for an operation as `view` shows it: its own result once finished,
// an error saying how production is recovered when its process died, outcome "running" else.
mcp::ToolResult OperationResult(const std::filesystem::path& backup_dir,
                                const engine::OperationView& view);

// {deployment_id, operation, profile, phase, state, percent, files_done, files_total,
// message, started, updated, pid, interrupted}: an operation as status and a running result
// show it.
nlohmann::json OperationJson(const engine::OperationView& view);

// The wait window of a call: `wait_s` when the arguments give it, else the profile's.
std::chrono::milliseconds WaitWindow(const nlohmann::json& args, const engine::Profile& profile);

}  // namespace ua::tools
