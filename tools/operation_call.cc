#include "tools/operation_call.h"

#include "deploy_engine/operations/operation_control.h"
#include "tools/detached_run.h"
#include "tools/operation_runs.h"
#include "tools/operation_tasks.h"
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

mcp::ToolResult TaskAnswer(const Result<json>& task) {
  if (!task.ok()) return mcp::ToolResult::Error(task.status().ToString());
  mcp::ToolResult out;
  out.task = *task;
  return out;
}

// A task for a call that may need a confirmation: the question is asked through the task.
mcp::ToolResult AsTask(const ToolSession& session, const ConfirmSubject& subject,
                       const mcp::ToolContext& ctx) {
  std::optional<ConfirmationQuestion> question;
  if (subject.profile.confirm) {
    auto prepared = PrepareQuestion(subject);
    if (!prepared.ok()) return mcp::ToolResult::Error(prepared.status().ToString());
    question = *prepared;
    if (question && !ctx.request().DeclaresFormElicitation()) {
      return CannotAsk(subject, /*modern=*/true);
    }
  }
  return TaskAnswer(CreateOperationTask(session, subject, question, CallerName(ctx)));
}

}  // namespace

ConfirmSubject SubjectOf(const ToolSession& session, const OperationKind& kind,
                         engine::Profile profile, const json& args) {
  ConfirmSubject subject;
  subject.tool = kind.tool;
  subject.operation = kind.operation;
  subject.profile = std::move(profile);
  subject.args = args;
  subject.preview = [&session, kind](const json& preview_args) {
    OperationRun run{kind.operation, preview_args, "", kind.body_for(preview_args)};
    return RunOperationHere(session, run, {});
  };
  return subject;
}

mcp::ToolResult HandleOperationCall(const ToolSession& session, const OperationKind& kind,
                                    const json& args, mcp::ToolContext& ctx) {
  auto progress = [&ctx](double percent, const std::string& message) {
    ctx.Progress(percent, 100.0, message);
  };
  auto report = [&](const engine::ProgressUpdate& u) { progress(u.percent, u.message); };
  const auto cancel = OptionalArgument<std::string>(args, "cancel");
  const bool preview = args.value("dry_run", false) || args.value("list", false);
  if (!cancel && preview) {
    OperationRun run{kind.operation, args, "", kind.body_for(args)};
    return RunOperationHere(session, run, ctx.stop_token(), report).result;
  }
  auto resolved = session.ResolveProfile(OptionalArgument<std::string>(args, "profile"));
  if (!resolved.ok()) return mcp::ToolResult::Error(resolved.status().ToString());
  const engine::Profile& profile = resolved->second;
  if (cancel) return Cancel(profile, *cancel);

  const ConfirmSubject subject = SubjectOf(session, kind, profile, args);
  const mcp::CallRequest& request = ctx.request();
  const bool as_task = request.modern && request.DeclaresExtension(mcp::kTasksExtension) &&
                       !session.executable.empty();
  // A retry that carries an answer (requestState) is settled here, whatever the client's
  // extensions; a first call with Tasks asks through the task instead.
  if (as_task && !request.request_state) return AsTask(session, subject, ctx);
  if (auto answer = ConfirmChange(session, subject, ctx)) return *answer;
  if (as_task) return TaskAnswer(CreateOperationTask(session, subject, {}, CallerName(ctx)));

  if (session.executable.empty()) {
    OperationRun run{kind.operation, args, "", kind.body_for(args)};
    return RunOperationHere(session, run, ctx.stop_token(), report).result;
  }
  auto started = StartDetached(session, kind.operation, profile, args, CallerName(ctx));
  if (!started.ok()) return mcp::ToolResult::Error(started.status().ToString());
  return FollowOperation(started->backup_dir, started->deployment_id, WaitWindow(args, profile),
                         ctx.stop_token(), progress, started->progress_fd);
}

}  // namespace ua::tools
