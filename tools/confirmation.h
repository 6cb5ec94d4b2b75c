// Asking a person before a deploy or rollback changes production (the profile option
// `confirm`). The question is built from a preview of the very same call (its dry run), so it
// shows what will happen: the profile, version -> version, the files added / modified /
// removed, and the validation warnings. Its plan digest identifies that preview: an answer is
// only good for the plan it was given for.
//
// ConfirmChange is the gate an MCP call passes; how it asks depends on the era:
//  - 2026-07-28: an input_required result with a form elicitation and a sealed requestState
//    (request_state.h); the retry carries the answer. A client that declared no elicitation
//    is refused with -32021.
//  - 2025-06-18 / 2025-11-25: a server-to-client elicitation/create request, when the client
//    declared elicitation at initialize; else an isError result that says how to confirm.
// Answers: accept with approve=true -> the operation runs; decline, cancel or approve=false ->
// "not approved", nothing touched; a plan that changed since the question -> asked again; a
// forged, expired or replayed requestState -> refused.
//
// Runs on the tool's thread; the session must outlive the call.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "base/status.h"
#include "deploy_engine/config/config.h"
#include "mcp/tool.h"
#include "tools/recorded_run.h"
#include "tools/tool_session.h"

namespace ua::tools {

struct ConfirmationQuestion {
  std::string message;      // what will happen, for the person
  std::string plan_digest;  // of what the message shows
};

// What a confirmation is about: one call of a tool that would change production.
struct ConfirmSubject {
  std::string tool;       // "ua_self_deploy" | "ua_self_rollback"
  std::string operation;  // "deploy" | "rollback"
  engine::Profile profile;
  nlohmann::json args;  // the call's arguments, checked and completed
  // Runs the operation's preview with the arguments it is given (dry_run set).
  std::function<OperationReply(const nlohmann::json& preview_args)> preview;
};

// The question for `subject`, from its preview. nullopt: nothing to confirm, because the
// preview found nothing to change or a failure the operation will report by itself.
Result<std::optional<ConfirmationQuestion>> PrepareQuestion(const ConfirmSubject& subject);

// {mode: "form", message, requestedSchema: {approve: boolean}}: the elicitation that asks it.
nlohmann::json ElicitationParams(const ConfirmationQuestion& question);

// The person accepted the form and ticked approve.
bool Approved(const nlohmann::json& elicit_result);

// nullopt: approved, or nothing to confirm: go on. Otherwise the call's answer (a question,
// a refusal, "not approved").
std::optional<mcp::ToolResult> ConfirmChange(const ToolSession& session,
                                             const ConfirmSubject& subject, mcp::ToolContext& ctx);

// The answer to a call that needs a confirmation from a client that cannot show a form: how
// to confirm instead (the CLI, or turning the option off); -32021 in the modern era.
mcp::ToolResult CannotAsk(const ConfirmSubject& subject, bool modern);

// The result of a call whose change was not approved: isError, nothing touched.
mcp::ToolResult NotApproved(const ConfirmSubject& subject, const std::string& how);

// The key under which the form is asked in inputRequests.
inline constexpr char kConfirmInputKey[] = "confirm";

}  // namespace ua::tools
