#include "tools/confirmation.h"

#include <chrono>

#include "base/json_text.h"
#include "base/text_join.h"
#include "mcp/json_rpc.h"
#include "platform/clock.h"
#include "platform/secrets.h"
#include "platform/sha256.h"
#include "tools/diff_text.h"
#include "tools/request_state.h"

namespace ua::tools {
namespace {

using nlohmann::json;

constexpr std::chrono::minutes kQuestionLifetime{10};
constexpr int kMaxAsks = 3;

std::vector<std::string> Strings(const json& j) {
  std::vector<std::string> out;
  if (!j.is_array()) return out;
  for (const auto& item : j) {
    if (item.is_string()) out.push_back(item.get<std::string>());
  }
  return out;
}

std::string FileLines(const json& files) {
  std::string out;
  for (const char* kind : {"added", "modified", "removed"}) {
    auto paths = Strings(files.value(kind, json::array()));
    if (paths.empty()) continue;
    out += "\n" + std::string(kind) + " (" + std::to_string(paths.size()) +
           "): " + JoinFirst(paths, 10);
  }
  return out.empty() ? "\nno managed file changes" : out;
}

// "lines: app.py +3 -1, lib/x.py +10 -2, logo.png (binary)": the diff in a line.
std::string DiffStatLine(const json& diff) {
  if (!diff.is_array() || diff.empty()) return "";
  std::vector<std::string> stats;
  for (const auto& file : diff) stats.push_back(DiffStat(file));
  return "\nlines: " + JoinFirst(stats, 10);
}

std::string ValidationLine(const json& findings) {
  std::vector<std::string> warnings;
  if (!findings.is_array()) return "";
  for (const auto& f : findings) {
    if (StringMember(f, "severity") != "warning") continue;
    std::string where = StringMember(f, "path");
    if (f.contains("line") && f["line"].is_number_integer()) {
      where += ":" + std::to_string(f["line"].get<int64_t>());
    }
    warnings.push_back((where.empty() ? "" : where + " ") + StringMember(f, "message"));
  }
  if (warnings.empty()) return "\nvalidation: no warnings";
  return "\nvalidation: " + std::to_string(warnings.size()) +
         (warnings.size() == 1 ? " warning: " : " warnings: ") + JoinFirst(warnings, 5);
}

ConfirmationQuestion QuestionFrom(const ConfirmSubject& subject, const json& preview) {
  auto version = [&](const char* key) {
    const std::string v = StringMember(preview, key);
    return v.empty() ? std::string("(none)") : "v" + v;
  };
  const std::string from = version("previous_version"), to = version("version");
  std::string message;
  if (subject.operation == "deploy") {
    message = "Deploy to production? Profile " + subject.profile.name + ": " + from + " -> " + to;
    if (preview.contains("git") && preview["git"].is_object()) {
      message += " (commit " + StringMember(preview["git"], "short") + ")";
    }
  } else {
    message = "Roll production back? Profile " + subject.profile.name + ": " + from + " -> " + to +
              " (backup " + StringMember(preview, "restored_backup_id") + ")";
  }
  message += "." + FileLines(preview.value("files", json::object()));
  message += DiffStatLine(preview.value("diff", json()));
  if (subject.operation == "deploy") message += ValidationLine(preview.value("validation", json()));
  message += "\nNothing changes until you approve.";
  json shown = {{"operation", subject.operation},
                {"profile", subject.profile.name},
                {"from", from},
                {"to", to},
                {"files", preview.value("files", json::object())},
                {"plan", preview.value("plan_digest", json())},
                {"backup", preview.value("restored_backup_id", json())},
                {"validation", preview.value("validation", json())}};
  shown["files"].erase("unchanged");
  shown["files"].erase("bytes_to_write");
  return {message, Sha256Hex(shown.dump())};
}

mcp::ToolResult Refused(const Status& why) {
  return mcp::ToolResult::Error("Confirmation refused: " + why.message() + ".");
}

// The input_required answer that asks `question` (2026-07-28).
Result<mcp::ToolResult> Ask(const ToolSession& session, const ConfirmSubject& subject,
                            const ConfirmationQuestion& question) {
  UA_ASSIGN_OR_RETURN(std::string key, ConfirmationKey(subject.profile.backup_dir));
  UA_ASSIGN_OR_RETURN(std::string nonce, RandomHex(16));
  ConfirmationClaim claim{
      .tool = subject.tool,
      .args_digest = ArgumentsDigest(subject.args),
      .plan_digest = question.plan_digest,
      .expires_at_ms =
          UnixMillis(session.now()) +
          std::chrono::duration_cast<std::chrono::milliseconds>(kQuestionLifetime).count(),
      .nonce = nonce};
  mcp::ToolResult out;
  out.input_required =
      json{{"inputRequests",
            {{kConfirmInputKey,
              {{"method", "elicitation/create"}, {"params", ElicitationParams(question)}}}}},
           {"requestState", SealClaim(claim, key)}};
  return out;
}

}  // namespace

mcp::ToolResult CannotAsk(const ConfirmSubject& subject, bool modern) {
  const std::string how =
      "The profile '" + subject.profile.name + "' asks a person to confirm every " +
      subject.operation +
      " (confirm: true), and this client cannot show a form (it declared no elicitation "
      "capability). Run `ua-deploy " +
      subject.operation + " --profile " + subject.profile.name +
      "` at a terminal (it asks there, or takes --yes), or set \"confirm\": false in the "
      "profile. Nothing was changed.";
  if (!modern) return mcp::ToolResult::Error(how);
  mcp::ToolResult out;
  out.protocol_error = mcp::ProtocolError{
      mcp::kMissingRequiredClientCapability, how,
      json{{"requiredCapabilities", {{"elicitation", {{"form", json::object()}}}}}}};
  return out;
}

namespace {

std::optional<mcp::ToolResult> ConfirmModern(const ToolSession& session,
                                             const ConfirmSubject& subject,
                                             const mcp::CallRequest& request) {
  auto ask = [&](const ConfirmationQuestion& question) -> mcp::ToolResult {
    if (!request.DeclaresFormElicitation()) return CannotAsk(subject, /*modern=*/true);
    auto asked = Ask(session, subject, question);
    return asked.ok() ? *asked : mcp::ToolResult::Error(asked.status().ToString());
  };
  // The dry run that builds the question walks and hashes both trees: run it only once the
  // answer (if any) has been checked, so a forged, declined or replayed one costs nothing.
  auto ask_now = [&](const char* preface) -> std::optional<mcp::ToolResult> {
    auto question = PrepareQuestion(subject);
    if (!question.ok()) return mcp::ToolResult::Error(question.status().ToString());
    if (!*question) return std::nullopt;
    ConfirmationQuestion shown = **question;
    shown.message = preface + shown.message;
    return ask(shown);
  };
  if (!request.request_state) return ask_now("");
  auto key = ConfirmationKey(subject.profile.backup_dir);
  if (!key.ok()) return mcp::ToolResult::Error(key.status().ToString());
  auto claim = OpenClaim(*request.request_state, *key, UnixMillis(session.now()));
  if (!claim.ok()) return Refused(claim.status());
  if (claim->tool != subject.tool || claim->args_digest != ArgumentsDigest(subject.args)) {
    return Refused(InvalidArgument(
        "the requestState was issued for a different call (tool or arguments differ); call "
        "again without requestState to be asked about this one"));
  }
  const json& responses = request.input_responses;
  if (!responses.is_object() || !responses.contains(kConfirmInputKey)) return ask_now("");
  if (!Approved(responses[kConfirmInputKey])) {
    return NotApproved(subject, "the person answered " +
                                    StringMember(responses[kConfirmInputKey], "action", "no"));
  }
  // An answer counts once, whatever happens next: a replay is refused even when the plan has
  // changed or there is nothing left to do.
  if (Status used = ConsumeConfirmation(subject.profile.backup_dir, claim->nonce); !used.ok()) {
    return Refused(used);
  }
  auto question = PrepareQuestion(subject);
  if (!question.ok()) return mcp::ToolResult::Error(question.status().ToString());
  if (*question && (*question)->plan_digest != claim->plan_digest) {
    ConfirmationQuestion again = **question;
    again.message = "The plan changed since you were asked. " + again.message;
    return ask(again);
  }
  return std::nullopt;
}

std::optional<mcp::ToolResult> ConfirmLegacy(const ConfirmSubject& subject, mcp::ToolContext& ctx) {
  auto question = PrepareQuestion(subject);
  if (!question.ok()) return mcp::ToolResult::Error(question.status().ToString());
  if (!*question) return std::nullopt;
  if (!ctx.request().DeclaresFormElicitation()) return CannotAsk(subject, /*modern=*/false);
  ConfirmationQuestion asked = **question;
  for (int attempt = 0; attempt < kMaxAsks; ++attempt) {
    auto answer = ctx.Elicit(ElicitationParams(asked));
    if (!answer.ok()) return NotApproved(subject, answer.status().message());
    if (!Approved(*answer)) {
      return NotApproved(subject, "the person answered " + StringMember(*answer, "action", "no"));
    }
    auto now = PrepareQuestion(subject);
    if (!now.ok()) return mcp::ToolResult::Error(now.status().ToString());
    if (!*now || (*now)->plan_digest == asked.plan_digest) return std::nullopt;
    asked = **now;
    asked.message = "The plan changed while you were deciding. " + asked.message;
  }
  return NotApproved(subject, "the plan changed every time it was shown; call again");
}

}  // namespace

Result<std::optional<ConfirmationQuestion>> PrepareQuestion(const ConfirmSubject& subject) {
  json preview_args = subject.args;
  preview_args["dry_run"] = true;
  if (subject.operation == "deploy") preview_args["diff"] = true;
  preview_args.erase("wait_s");
  OperationReply reply = subject.preview(preview_args);
  if (reply.refused != StatusCode::kOk || reply.result.is_error) {
    return std::optional<ConfirmationQuestion>();
  }
  const json& preview = reply.result.structured;
  if (StringMember(preview, "outcome") == "no_changes")
    return std::optional<ConfirmationQuestion>();
  return std::optional<ConfirmationQuestion>(QuestionFrom(subject, preview));
}

json ElicitationParams(const ConfirmationQuestion& question) {
  return {{"mode", "form"},
          {"message", question.message},
          {"requestedSchema",
           {{"type", "object"},
            {"properties",
             {{"approve",
               {{"type", "boolean"},
                {"title", "Approve this change to production"},
                {"description", "Tick to let ua-deploy go ahead; leave it unticked to refuse."},
                {"default", false}}}}},
            {"required", json::array({"approve"})}}}};
}

bool Approved(const json& elicit_result) {
  if (!elicit_result.is_object() || StringMember(elicit_result, "action") != "accept") return false;
  auto content = elicit_result.find("content");
  if (content == elicit_result.end() || !content->is_object()) return false;
  auto approve = content->find("approve");
  return approve != content->end() && approve->is_boolean() && approve->get<bool>();
}

std::optional<mcp::ToolResult> ConfirmChange(const ToolSession& session,
                                             const ConfirmSubject& subject, mcp::ToolContext& ctx) {
  if (!subject.profile.confirm) return std::nullopt;
  if (ctx.request().modern) return ConfirmModern(session, subject, ctx.request());
  return ConfirmLegacy(subject, ctx);
}

mcp::ToolResult NotApproved(const ConfirmSubject& subject, const std::string& how) {
  mcp::ToolResult out = mcp::ToolResult::Error(
      "Not approved: the " + subject.operation + " of profile " + subject.profile.name +
      " did not run (" + how + "). Production is untouched.");
  return out;
}

}  // namespace ua::tools
