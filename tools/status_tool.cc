#include "tools/status_tool.h"

#include <optional>
#include <thread>

#include <spdlog/spdlog.h>

#include "deploy_engine/operations/recovery.h"
#include "tools/change_list.h"
#include "tools/detached_run.h"
#include "tools/diff_text.h"
#include "tools/human_text.h"
#include "tools/operation_tool.h"
#include "tools/restart_report.h"
#include "tools/tool_arguments.h"
#include "tools/tool_schemas.h"

namespace ua::tools {
namespace {

using nlohmann::json;

json ProductionJson(const engine::StatusReport& r) {
  if (!r.production.info) return nullptr;
  const engine::VersionInfo& v = *r.production.info;
  json p = {{"version", v.version},
            {"deployed", v.deployed},
            {"age_seconds", r.age_seconds ? json(*r.age_seconds) : json(nullptr)},
            {"git_commit", v.git_commit},
            {"deployment_id", v.deployment_id}};
  if (!v.deployed_by.empty()) p["deployed_by"] = v.deployed_by;
  if (!v.git_branch.empty()) p["git_branch"] = v.git_branch;
  p["git_dirty"] = v.git_dirty;
  if (!v.backup_id.empty()) p["backup_id"] = v.backup_id;
  if (!v.previous_version.empty()) p["previous_version"] = v.previous_version;
  return p;
}

json BackupJson(const engine::BackupInfo& b) {
  json j = {{"backup_id", b.backup_id},
            {"created", b.created},
            {"version", b.version ? json(*b.version) : json(nullptr)},
            {"files", b.files},
            {"bytes", b.bytes},
            {"damaged", b.damaged}};
  if (!b.kind.empty()) j["kind"] = b.kind;
  j["deployment_id"] = NullIfEmpty(b.deployment_id);
  if (b.damaged) j["damage_reason"] = b.damage_reason;
  if (!b.first_mismatches.empty()) j["first_mismatches"] = b.first_mismatches;
  return j;
}

json HealthJson(const engine::HealthReport& h) {
  json j = {{"status", engine::HealthStatusName(h.status)}, {"reason", h.reason}, {"ms", h.ms}};
  if (!h.protocol_version.empty()) j["protocol_version"] = h.protocol_version;
  if (!h.server_name.empty()) j["server_name"] = h.server_name;
  if (h.status != engine::HealthStatus::kUnknown) j["tools"] = h.tools;
  if (!h.stderr_tail.empty()) j["stderr_tail"] = h.stderr_tail;
  return j;
}

std::string HealthSentence(const engine::HealthReport& h) {
  switch (h.status) {
    case engine::HealthStatus::kHealthy:
      return " Health: healthy (" + h.reason + "; " + std::to_string(h.ms) + " ms).";
    case engine::HealthStatus::kUnhealthy:
      return " Health: UNHEALTHY: " + h.reason + ".";
    case engine::HealthStatus::kUnknown:
      return " Health: unknown: " + h.reason + ".";
  }
  return "";
}

std::string ShortCommit(const std::string& commit) { return commit.substr(0, 7); }

// The asked-about operation, last in the summary so its result stands out.
std::string OperationSentence(const engine::OperationView& view) {
  const engine::OperationRecord& op = view.record;
  const std::string name =
      (op.operation == "rollback" ? "Rollback " : "Deployment ") + op.deployment_id;
  if (op.phase == engine::OperationPhase::kFinished) return name + " finished: " + op.text;
  if (view.interrupted) {
    return name +
           " stopped without finishing (its process is gone); production was recovered "
           "from its journal first.";
  }
  return name + " is still running (" + (op.state.empty() ? std::string("starting") : op.state) +
         ", " + std::to_string(static_cast<int>(op.percent)) +
         "%): ask again with wait_s to wait for its result.";
}

}  // namespace

StatusRequest StatusRequestFrom(const json& args) {
  return {.profile = OptionalArgument<std::string>(args, "profile"),
          .check_health = args.at("check_health").get<bool>(),
          .deployment_id = OptionalArgument<std::string>(args, "deployment_id"),
          .wait = std::chrono::seconds(args.at("wait_s").get<int>()),
          .diff = args.at("diff").get<bool>()};
}

Result<engine::StatusReport> GatherStatus(const ToolSession& session, const StatusRequest& request,
                                          std::stop_token stop) {
  UA_ASSIGN_OR_RETURN(auto resolved, session.ResolveProfile(request.profile));
  const std::filesystem::path& backup_dir = resolved.second.backup_dir;
  if (request.deployment_id) {
    UA_RETURN_IF_ERROR(
        engine::WaitForOperation(backup_dir, *request.deployment_id, request.wait, stop, {})
            .status());
  }
  // Crash safety: an operation that died is resolved before anything is reported. If it cannot
  // be, the report still shows it as interrupted.
  if (auto recovered =
          engine::RecoverIfInterrupted(resolved.second, OperationContext(session, stop));
      !recovered.ok()) {
    spdlog::error("recovery of an interrupted operation failed: {}", recovered.status().ToString());
  }
  // The diff's one-time set-up runs while the trees are walked and hashed.
  std::optional<std::jthread> prepare_diff;
  if (request.diff) prepare_diff.emplace([] { engine::PrepareDiffPreview(); });
  UA_ASSIGN_OR_RETURN(
      engine::StatusReport report,
      engine::ComputeStatus(resolved.first, resolved.second, session.env, session.now()));
  if (prepare_diff) prepare_diff->join();
  if (request.deployment_id) {
    UA_ASSIGN_OR_RETURN(report.operation,
                        engine::LookUpOperation(backup_dir, *request.deployment_id));
  }
  if (request.diff) {
    UA_ASSIGN_OR_RETURN(
        report.diff,
        engine::BuildDiffPreview(
            {.profile = &report.profile, .plan = &report.pending, .hidden_paths = {}, .context = 3},
            stop));
  }
  if (request.check_health) {
    report.health = engine::CheckHealth(
        {.profile = &report.profile, .deployment_in_progress = report.lock.held}, stop);
  }
  return report;
}

json StatusToJson(const engine::StatusReport& r) {
  json backups = json::array();
  for (const auto& b : r.backups) backups.push_back(BackupJson(b));
  json pending = {{"added", PathsOf(r.pending.added)},
                  {"modified", PathsOf(r.pending.modified)},
                  {"removed", PathsOf(r.pending.removed)},
                  {"unchanged", r.pending.unchanged.size()}};
  if (!r.pending.escaping_symlinks.empty()) {
    pending["escaping_symlinks"] = r.pending.escaping_symlinks;
  }
  json out = {{"profile", r.profile.name},
              {"source", r.profile.source.string()},
              {"target", r.profile.target.string()},
              {"config", r.config_origin},
              {"production", ProductionJson(r)},
              {"version_file", engine::VersionFileStateName(r.production.state)},
              {"source_exists", r.pending.source_exists},
              {"target_exists", r.pending.target_exists},
              {"pending", pending},
              {"backups", backups},
              {"lock", {{"held", r.lock.held}}},
              {"last_deployment", r.last_deployment ? *r.last_deployment : json(nullptr)},
              {"interrupted", r.interrupted},
              {"hash_cache", {{"hits", r.hash_cache_hits}, {"misses", r.hash_cache_misses}}}};
  if (!r.production.problem.empty()) out["version_file_problem"] = r.production.problem;
  if (r.health) out["health"] = HealthJson(*r.health);
  if (r.lock.held && r.lock.holder) out["lock"]["holder"] = *r.lock.holder;
  json running = json::array();
  for (const auto& op : r.running) running.push_back(OperationJson({op, false}));
  out["running"] = running;
  if (r.operation) {
    json op = OperationJson(*r.operation);
    if (r.operation->record.phase == engine::OperationPhase::kFinished) {
      op["result"] = r.operation->record.result ? *r.operation->record.result : json(nullptr);
      op["text"] = r.operation->record.text;
      op["is_error"] = r.operation->record.is_error;
    }
    out["operation"] = op;
  }
  if (r.diff) {
    out["diff"] = DiffJson(*r.diff);
    out["diff_totals"] = DiffTotalsJson(*r.diff);
  }
  out["restart_required"] = RestartRequiredJson(r.restart);
  out["restart"] = RestartJson(r.restart);
  if (r.source_git) {
    out["source_git"] = GitJson(*r.source_git);
  } else {
    out["source_git"] = nullptr;
    out["source_git_error"] = r.source_git_error;
  }
  return out;
}

std::string StatusSummary(const engine::StatusReport& r) {
  std::string s;
  switch (r.production.state) {
    case engine::VersionFileState::kOk: {
      const engine::VersionInfo& v = *r.production.info;
      s = "Production v" + v.version;
      if (r.age_seconds) s += ", deployed " + RelativeAge(*r.age_seconds);
      if (!v.git_commit.empty()) s += " from " + ShortCommit(v.git_commit);
      s += ".";
      break;
    }
    case engine::VersionFileState::kMissing:
      s = r.pending.target_exists ? "Production has no VERSION file (never deployed by ua-deploy)."
                                  : "Production directory does not exist yet.";
      break;
    case engine::VersionFileState::kCorrupt:
      s = "Production VERSION file is corrupt (" + r.production.problem +
          "); the next deploy backs it up and replaces it.";
      break;
  }
  const size_t pending =
      r.pending.added.size() + r.pending.modified.size() + r.pending.removed.size();
  if (pending == 0) {
    s += " No changes pending.";
  } else {
    const auto marks = ChangeMarks(PathsOf(r.pending.added), PathsOf(r.pending.modified),
                                   PathsOf(r.pending.removed));
    s += " " + CountNoun(pending, "file", "files") + " pending: " + ListSome(marks, 5) + ".";
  }
  if (r.source_git) {
    s += " Source at " + r.source_git->short_id;
    if (r.source_git->branch) s += " on " + *r.source_git->branch;
    if (r.source_git->dirty) s += " (uncommitted changes)";
    s += ".";
  }
  s += " " + CountNoun(r.backups.size(), "backup", "backups") + ".";
  if (r.lock.held) s += " A deployment is in progress (lock held).";
  if (r.interrupted) s += " An interrupted deployment awaits recovery.";
  if (r.health) s += HealthSentence(*r.health);
  for (const auto& op : r.running) {
    if (r.operation && op.deployment_id == r.operation->record.deployment_id) continue;
    s += " Running: " + op.operation + " " + op.deployment_id + " (" +
         (op.state.empty() ? std::string("starting") : op.state) + ", " +
         std::to_string(static_cast<int>(op.percent)) + "%).";
  }
  if (r.restart.status == engine::RestartStatus::kRequired && r.production.info) {
    s += " " + engine::RestartSentence(r.restart, r.production.info->version, SystemClock().Now());
  }
  if (r.operation) s += " " + OperationSentence(*r.operation);
  if (r.diff && !r.diff->files.empty()) s += "\n\n" + DiffText(*r.diff);
  return s;
}

Result<mcp::ToolDefinition> StatusToolDefinition(const ToolSession& session) {
  return DeclareTool(
      "ua_self_status", "Deployment status",
      "Show the production version of an MCP server profile (version, age, git commit), the "
      "files a deploy would change, the source's git state, backups, the deployment lock, and "
      "the last deployment. With check_health, also starts production's server and runs the MCP "
      "handshake against it. Read-only.",
      {.read_only = true, .destructive = false, .idempotent = true, .open_world = false},
      [&session](const json& args, mcp::ToolContext& context) -> mcp::ToolResult {
        return ToolReply(GatherStatus(session, StatusRequestFrom(args), context.stop_token()),
                         StatusToJson, StatusSummary,
                         [](const engine::StatusReport&) { return false; });
      });
}

}  // namespace ua::tools
