#include "tools/rollback_tool.h"

#include "tools/change_list.h"
#include "tools/human_text.h"
#include "tools/operation_call.h"
#include "tools/operation_tool.h"
#include "tools/recovery_text.h"
#include "tools/tool_arguments.h"
#include "tools/tool_schemas.h"

namespace ua::tools {
namespace {

using nlohmann::json;

json BackupJson(const engine::BackupListEntry& b) {
  json j = {{"backup_id", b.backup_id},
            {"created", b.created},
            {"version", b.version ? json(*b.version) : json(nullptr)},
            {"kind", b.kind},
            {"git_commit", b.git_commit ? json(*b.git_commit) : json(nullptr)},
            {"files", b.files},
            {"bytes", b.bytes},
            {"disk_bytes", b.disk_bytes},
            {"deployment_id", NullIfEmpty(b.deployment_id)},
            {"deployment_outcome", NullIfEmpty(b.deployment_outcome)},
            {"damaged", b.damaged},
            {"current", b.current}};
  if (b.damaged) {
    j["damage_reason"] = b.damage_reason;
    j["first_mismatches"] = b.first_mismatches;
  }
  return j;
}

std::string Bytes(uint64_t n) {
  if (n < 10 * 1024) return std::to_string(n) + " B";
  if (n < 10 * 1024 * 1024) return std::to_string(n / 1024) + " KiB";
  return std::to_string(n / (1024 * 1024)) + " MiB";
}

// "v0.1.0", or what a backup of a production without VERSION restores.
std::string Release(const std::string& version) {
  return version.empty() ? "the release without a VERSION" : "v" + version;
}

std::string ListSummary(const engine::RollbackResult& r) {
  if (r.backups.empty()) return "No backups of profile " + r.profile + " yet.";
  std::string s = CountNoun(r.backups.size(), "backup", "backups") + " of profile " + r.profile +
                  " (" + Bytes(r.backups_disk_bytes) + " on disk), newest first:";
  for (const auto& b : r.backups) {
    s += "\n  " + b.backup_id + "  " + (b.version ? "v" + *b.version : "(no version)") + "  " +
         CountNoun(b.files, "file", "files") + "  " + Bytes(b.disk_bytes) + " on disk";
    if (b.kind == "safety") s += "  safety";
    if (!b.deployment_outcome.empty()) s += "  (" + b.deployment_outcome + ")";
    if (b.current) s += "  <- production";
    if (b.damaged) s += "  DAMAGED: " + b.damage_reason;
  }
  return s;
}

}  // namespace

Result<engine::RollbackRequest> RollbackRequestFrom(const ToolSession& session, const json& args,
                                                    const std::string& deployed_by) {
  UA_ASSIGN_OR_RETURN(auto request,
                      NewOperationRequest<engine::RollbackRequest>(
                          session, OptionalArgument<std::string>(args, "profile"), deployed_by));
  request.backup_id = OptionalArgument<std::string>(args, "backup_id");
  request.version = OptionalArgument<std::string>(args, "version");
  request.list = args.at("list").get<bool>();
  request.dry_run = args.at("dry_run").get<bool>();
  return request;
}

Result<engine::RollbackResult> RunRollback(const ToolSession& session, const json& args,
                                           const std::string& deployed_by,
                                           const engine::DeployContext& context) {
  UA_ASSIGN_OR_RETURN(engine::RollbackRequest request,
                      RollbackRequestFrom(session, args, deployed_by));
  return engine::Rollback(request, context);
}

OperationBody RollbackBody(const ToolSession& session, json args, std::string deployed_by) {
  return [&session, args = std::move(args),
          deployed_by = std::move(deployed_by)](const engine::DeployContext& context) {
    auto result = RunRollback(session, args, deployed_by, context);
    return OperationReply{RollbackToolResult(result),
                          result.ok() ? StatusCode::kOk : result.status().code()};
  };
}

OperationKind RollbackKind(const ToolSession& session, std::string caller) {
  return {"ua_self_rollback", "rollback", [&session, caller = std::move(caller)](const json& args) {
            return RollbackBody(session, args, caller);
          }};
}

mcp::ToolResult RollbackToolResult(const Result<engine::RollbackResult>& result) {
  return ToolReply(result, RollbackToJson, RollbackSummary, [](const engine::RollbackResult& r) {
    return r.outcome == engine::RollbackOutcome::kFailed;
  });
}

json RollbackToJson(const engine::RollbackResult& r) {
  json out = {{"deployment_id", NullIfEmpty(r.deployment_id)},
              {"outcome", engine::RollbackOutcomeName(r.outcome)},
              {"profile", r.profile},
              {"restored_backup_id", NullIfEmpty(r.restored_backup_id)},
              {"version", NullIfEmpty(r.version)},
              {"previous_version", NullIfEmpty(r.previous_version)},
              {"files",
               {{"added", r.added},
                {"modified", r.modified},
                {"removed", r.removed},
                {"unchanged", r.unchanged}}},
              {"restored", r.restored},
              {"verified", r.verified},
              {"safety_backup_id", NullIfEmpty(r.safety_backup_id)},
              {"tests", TestsJson(r.tests)},
              {"duration_ms", r.duration_ms}};
  if (!r.verify_mismatches.empty()) out["verify_mismatches"] = r.verify_mismatches;
  if (r.outcome == engine::RollbackOutcome::kListed) {
    json backups = json::array();
    for (const auto& b : r.backups) backups.push_back(BackupJson(b));
    out["backups"] = std::move(backups);
    out["backups_disk_bytes"] = r.backups_disk_bytes;
  }
  if (r.recovered) out["recovered"] = *r.recovered;
  if (!r.failure_reason.empty()) out["failure_reason"] = r.failure_reason;
  if (r.recovery) out["recovery"] = RecoveryJson(*r.recovery);
  return out;
}

std::string RollbackSummary(const engine::RollbackResult& r) {
  std::string s;
  if (r.recovered) s += "Recovered an interrupted operation first. ";
  if (r.outcome == engine::RollbackOutcome::kListed) return s + ListSummary(r);
  const size_t changes = r.added.size() + r.modified.size() + r.removed.size();
  const std::vector<std::string> parts = ChangeMarks(r.added, r.modified, r.removed);
  const std::string where = " (backup " + r.restored_backup_id + ")";
  if (r.outcome == engine::RollbackOutcome::kDryRun) {
    return s + "Dry run: rolling back to " + Release(r.version) + where + " would change " +
           CountNoun(changes, "file", "files") + " (" + ListSome(parts, 5) +
           "); nothing was changed.";
  }
  if (!r.restored) {
    return s + "Rollback to " + Release(r.version) + where +
           " FAILED: " + AsSentence(r.failure_reason) +
           (r.recovery ? RecoveryText(*r.recovery) : std::string());
  }
  s += "Rolled back to " + Release(r.version) + where + ". " + CountNoun(changes, "file", "files") +
       " restored" + (r.verified ? " and verified" : "") + ".";
  if (r.outcome == engine::RollbackOutcome::kFailed) {
    return s + " FAILED: " + AsSentence(r.failure_reason);
  }
  if (!r.tests.empty()) s += " Tests passed.";
  s += " Safety backup " + r.safety_backup_id + " undoes it.";
  return s;
}

Result<mcp::ToolDefinition> RollbackToolDefinition(const ToolSession& session) {
  return DeclareTool(
      "ua_self_rollback", "Roll production back to a backup",
      "Restore a verified backup of a profile's production: by backup_id, by version, or by "
      "default the newest backup whose content differs from production. Production is first "
      "saved in a safety backup (so the rollback can be undone), the restore is atomic across "
      "a crash, every file is re-verified, VERSION is rewritten and the post-deploy tests run. "
      "Use list to see the backups and dry_run to preview.",
      {.read_only = false, .destructive = true, .idempotent = false, .open_world = false},
      [&session](const json& args, mcp::ToolContext& ctx) -> mcp::ToolResult {
        return HandleOperationCall(session, RollbackKind(session, CallerName(ctx)), args, ctx);
      });
}

}  // namespace ua::tools
