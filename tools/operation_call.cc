#include "tools/operation_call.h"

#include "deploy_engine/operations/operation_control.h"
#include "tools/detached_run.h"
#include "tools/operation_runs.h"
#include "tools/operation_tool.h"
#include "tools/tool_arguments.h"

namespace ua::tools {
namespace {

using nlohmann::json;

mcp::ToolResult Cancel(const engine::Profile& profile, const std::string& id) {
  auto cancel = engine::CancelOperation(profile.backup_dir, id);
  if (!cancel.ok()) return mcp::ToolResult::Error(cancel.status().ToString());
  mcp::ToolResult out;
  out.structured = OperationJson(cancel->view);
  out.structured["outcome"] = cancel->signalled ? "stop_requested" : "not_running";
  out.human_text = cancel->message;
  return out;
}

}  // namespace

mcp::ToolResult HandleOperationCall(const ToolSession& session, const std::string& operation,
                                    const json& args, mcp::ToolContext& ctx,
                                    const OperationBody& body) {
  auto progress = [&ctx](double percent, const std::string& message) {
    ctx.Progress(percent, 100.0, message);
  };
  const auto cancel = OptionalArgument<std::string>(args, "cancel");
  const bool preview = args.value("dry_run", false) || args.value("list", false);
  if (!cancel && (preview || session.executable.empty())) {
    OperationRun run{operation, args, "", body};
    return RunOperationHere(
               session, run, ctx.stop_token(),
               [&](const engine::ProgressUpdate& u) { progress(u.percent, u.message); })
        .result;
  }
  auto resolved = session.ResolveProfile(OptionalArgument<std::string>(args, "profile"));
  if (!resolved.ok()) return mcp::ToolResult::Error(resolved.status().ToString());
  const engine::Profile& profile = resolved->second;
  if (cancel) return Cancel(profile, *cancel);
  auto started = StartDetached(session, operation, profile, args, CallerName(ctx));
  if (!started.ok()) return mcp::ToolResult::Error(started.status().ToString());
  return FollowOperation(started->backup_dir, started->deployment_id, WaitWindow(args, profile),
                         ctx.stop_token(), progress, started->progress_fd);
}

}  // namespace ua::tools
