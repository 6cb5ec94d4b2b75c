#include "tools/deploy_tool.h"

#include <algorithm>

#include "deploy_engine/validation/validation_chain.h"
#include "platform/sha256.h"
#include "tools/change_list.h"
#include "tools/diff_text.h"
#include "tools/human_text.h"
#include "tools/operation_call.h"
#include "tools/operation_tool.h"
#include "tools/recovery_text.h"
#include "tools/tool_arguments.h"
#include "tools/tool_schemas.h"

namespace ua::tools {
namespace {

using nlohmann::json;

json FindingJson(const engine::ValidationFinding& f) {
  json j = {{"validator", f.validator},
            {"path", f.path},
            {"severity", f.severity},
            {"message", f.message}};
  if (f.line) j["line"] = *f.line;
  if (f.column) j["column"] = *f.column;
  if (!f.rule.empty()) j["rule"] = f.rule;
  return j;
}

constexpr size_t kFindingsShown = 10;

// Identifies the planned change: the same digest means the same files with the same contents
// and modes, going to the same version.
std::string PlanDigest(const engine::Plan& plan, const std::string& version) {
  std::string text = "v" + version + "\n";
  auto add = [&](const char* kind, const std::vector<engine::PlannedFile>& files) {
    for (const auto& f : files) {
      text +=
          std::string(kind) + " " + f.sha256 + " " + std::to_string(f.mode) + " " + f.path + "\n";
    }
  };
  add("+", plan.added);
  add("~", plan.modified);
  add("-", plan.removed);
  return Sha256Hex(text);
}

}  // namespace

bool IsFailedOutcome(engine::DeployOutcome outcome) {
  return outcome == engine::DeployOutcome::kRolledBack || outcome == engine::DeployOutcome::kFailed;
}

Result<engine::DeployRequest> DeployRequestFrom(const ToolSession& session, const json& args,
                                                const std::string& deployed_by) {
  UA_ASSIGN_OR_RETURN(auto request,
                      NewOperationRequest<engine::DeployRequest>(
                          session, OptionalArgument<std::string>(args, "profile"), deployed_by));
  request.dry_run = args.at("dry_run").get<bool>();
  request.diff = args.at("diff").get<bool>();
  request.version = OptionalArgument<std::string>(args, "version");
  request.message = args.at("message").get<std::string>();
  return request;
}

Result<engine::DeployResult> RunDeploy(const ToolSession& session, const json& args,
                                       const std::string& deployed_by,
                                       const engine::DeployContext& context) {
  UA_ASSIGN_OR_RETURN(engine::DeployRequest request, DeployRequestFrom(session, args, deployed_by));
  return engine::Deploy(request, context);
}

OperationBody DeployBody(const ToolSession& session, json args, std::string deployed_by) {
  return [&session, args = std::move(args),
          deployed_by = std::move(deployed_by)](const engine::DeployContext& context) {
    auto result = RunDeploy(session, args, deployed_by, context);
    return OperationReply{DeployToolResult(result),
                          result.ok() ? StatusCode::kOk : result.status().code()};
  };
}

OperationKind DeployKind(const ToolSession& session, std::string caller) {
  return {"ua_self_deploy", "deploy", [&session, caller = std::move(caller)](const json& args) {
            return DeployBody(session, args, caller);
          }};
}

mcp::ToolResult DeployToolResult(const Result<engine::DeployResult>& result) {
  return ToolReply(result, DeployToJson, DeploySummary,
                   [](const engine::DeployResult& r) { return IsFailedOutcome(r.outcome); });
}

json DeployToJson(const engine::DeployResult& r) {
  json validation = json::array();
  for (const auto& f : r.validation) validation.push_back(FindingJson(f));
  json states = json::array();
  for (const auto& s : r.states) {
    states.push_back(
        {{"state", engine::DeployStateName(s.state)}, {"entered_at", s.entered_at}, {"ms", s.ms}});
  }
  json out = {{"deployment_id", r.deployment_id},
              {"outcome", engine::DeployOutcomeName(r.outcome)},
              {"profile", r.profile},
              {"version", r.version},
              {"previous_version", NullIfEmpty(r.previous_version)},
              {"backup_id", NullIfEmpty(r.backup_id)},
              {"files",
               {{"added", PathsOf(r.plan.added)},
                {"modified", PathsOf(r.plan.modified)},
                {"removed", PathsOf(r.plan.removed)},
                {"unchanged", r.plan.unchanged.size()},
                {"bytes_to_write", r.plan.bytes_to_write}}},
              {"plan_digest", PlanDigest(r.plan, r.version)},
              {"validation", validation},
              {"tests", TestsJson(r.tests)},
              {"states", states},
              {"duration_ms", r.duration_ms},
              {"version_file_was_corrupt", r.version_file_was_corrupt}};
  if (r.git) {
    out["git"] = GitJson(*r.git);
  } else {
    out["git"] = nullptr;
    if (!r.git_error.empty()) out["git_error"] = r.git_error;
  }
  if (!r.failed_state.empty()) out["failed_state"] = r.failed_state;
  if (!r.failure_reason.empty()) out["failure_reason"] = r.failure_reason;
  if (r.recovered) out["recovered"] = *r.recovered;
  if (r.recovery) out["recovery"] = RecoveryJson(*r.recovery);
  if (r.diff) {
    out["diff"] = DiffJson(*r.diff);
    out["diff_totals"] = DiffTotalsJson(*r.diff);
  }
  return out;
}

namespace {

// The error findings, one line each so a person can act on each, after the summary.
std::string ErrorLines(const engine::DeployResult& r) {
  const size_t errors = engine::CountErrors(r.validation);
  if (errors == 0) return "";
  std::string s = "\nValidation errors:";
  size_t shown = 0;
  for (const auto& f : r.validation) {
    if (f.severity != "error") continue;
    if (++shown > kFindingsShown) {
      s += "\n  ... and " + std::to_string(errors - kFindingsShown) + " more (see validation[])";
      break;
    }
    std::string where = f.path;
    if (f.line) where += ":" + std::to_string(*f.line);
    s += "\n  - " + (where.empty() ? f.message : where + ": " + f.message);
  }
  return s;
}

// What happened, in sentences: the change, validation, the outcome and any recovery report.
std::string DeployHeadline(const engine::DeployResult& r) {
  const size_t changes = r.plan.added.size() + r.plan.modified.size() + r.plan.removed.size();
  std::string s;
  if (r.recovered) s += "Recovered an interrupted deployment first. ";
  if (r.outcome == engine::DeployOutcome::kNoChanges) {
    return s + "No changes: production already matches the source (v" + r.previous_version + ").";
  }
  s += "Found " + CountNoun(changes, "file", "files") + " to update";
  if (changes > 0) {
    const auto marks =
        ChangeMarks(PathsOf(r.plan.added), PathsOf(r.plan.modified), PathsOf(r.plan.removed));
    s += " (" + ListSome(marks, 5) + ")";
  }
  s += ".";
  if (const size_t errors = engine::CountErrors(r.validation); errors > 0) {
    s += " Validation found " + CountNoun(errors, "error", "errors") + " (listed below).";
  } else {
    const auto warnings =
        static_cast<size_t>(std::count_if(r.validation.begin(), r.validation.end(),
                                          [](const auto& f) { return f.severity == "warning"; }));
    if (warnings > 0)
      s += " Validation passed with " + CountNoun(warnings, "warning", "warnings") + ".";
  }
  for (const auto& f : r.validation) {
    if (f.severity == "info") s += " " + AsSentence(f.message);
  }
  std::string commit = r.git ? " (" + r.git->short_id + (r.git->dirty ? ", dirty" : "") + ")" : "";
  switch (r.outcome) {
    case engine::DeployOutcome::kDryRun:
      return s + " Dry run: would deploy v" + r.version + commit + "; nothing was changed.";
    case engine::DeployOutcome::kComplete:
      s += " Backup " + r.backup_id + " created. Deployed v" + r.version + commit + ".";
      if (!r.tests.empty()) s += " Tests passed.";
      if (r.version_file_was_corrupt) s += " The corrupt VERSION file was backed up and replaced.";
      return s;
    case engine::DeployOutcome::kRolledBack:
      return s + " Deployment of v" + r.version + " failed in " + r.failed_state + ": " +
             AsSentence(r.failure_reason) + " Production was rolled back to v" +
             (r.previous_version.empty() ? std::string("(none)") : r.previous_version) +
             " and is unchanged.";
    case engine::DeployOutcome::kFailed:
      s += " Deployment failed in " + r.failed_state + ": " + AsSentence(r.failure_reason);
      if (r.recovery) s += RecoveryText(*r.recovery);
      return s;
    case engine::DeployOutcome::kNoChanges:
      break;
  }
  return s;
}

}  // namespace

std::string DeploySummary(const engine::DeployResult& r) {
  std::string text = DeployHeadline(r) + ErrorLines(r);
  if (r.diff && !r.diff->files.empty()) text += "\n\n" + DiffText(*r.diff);
  return text;
}

Result<mcp::ToolDefinition> DeployToolDefinition(const ToolSession& session) {
  return DeclareTool(
      "ua_self_deploy", "Deploy to production",
      "Deploy the development tree of an MCP server profile into production: preview the "
      "changes, validate them, take a verified backup, switch production atomically, run the "
      "post-deploy tests, roll back automatically on any failure, and stamp VERSION with the "
      "git commit. Use dry_run to preview without changing anything.",
      {.read_only = false, .destructive = true, .idempotent = false, .open_world = false},
      [&session](const json& args, mcp::ToolContext& ctx) -> mcp::ToolResult {
        return HandleOperationCall(session, DeployKind(session, CallerName(ctx)), args, ctx);
      });
}

}  // namespace ua::tools
