// What the tools that run engine work (ua_self_deploy, ua_self_rollback, and ua_self_status,
// which starts with recovery) share: the engine request and context a call starts from, who is
// calling, the JSON forms their structuredContents use, and how an engine result becomes a
// ToolResult.
//
// Pure functions of their arguments, except NewOperationRequest, which reads the config
// through the session; any thread.
#pragma once

#include <optional>
#include <stop_token>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/status.h"
#include "deploy_engine/operations/deploy_types.h"
#include "deploy_engine/operations/deployer.h"
#include "mcp/tool.h"
#include "platform/git_facts.h"
#include "tools/tool_session.h"

namespace ua::tools {

// A Request (engine::DeployRequest, engine::RollbackRequest) for `profile` (the default
// profile when absent) as the session's config resolves it: its profile, the config's
// log_file and `deployed_by`. Errors: the config or the profile cannot be resolved.
template <typename Request>
Result<Request> NewOperationRequest(const ToolSession& session,
                                    const std::optional<std::string>& profile,
                                    const std::string& deployed_by) {
  UA_ASSIGN_OR_RETURN(auto resolved, session.ResolveProfile(profile));
  Request request;
  request.profile = std::move(resolved.second);
  request.log_file = resolved.first.log_file;
  request.deployed_by = deployed_by;
  return request;
}

// The session's environment, with the call's cancellation and progress. Borrows the session,
// which must outlive the engine call.
engine::DeployContext OperationContext(const ToolSession& session, std::stop_token stop,
                                       engine::ProgressFn progress = {});

// The MCP client's name from initialize, as recorded in VERSION and history; "mcp" when the
// client gave none.
std::string CallerName(const mcp::ToolContext& ctx);

// null for "", else the string: the output schemas' "string or null" fields.
nlohmann::json NullIfEmpty(const std::string& s);

// {commit, short, branch, detached, dirty}: the source's git facts as status and deploy report
// them.
nlohmann::json GitJson(const GitFacts& git);

// [{name, passed, ms, output_tail}] of the post-deploy tests.
nlohmann::json TestsJson(const std::vector<engine::TestOutcome>& tests);

// A refused request (the Status) becomes an isError result whose text is the Status; a
// result becomes structuredContent to_json(r) with the human text summary(r), isError when
// failed(r).
template <typename R, typename Failed>
mcp::ToolResult ToolReply(const Result<R>& result, nlohmann::json (*to_json)(const R&),
                          std::string (*summary)(const R&), Failed failed) {
  if (!result.ok()) return mcp::ToolResult::Error(result.status().ToString());
  mcp::ToolResult out;
  out.structured = to_json(*result);
  out.human_text = summary(*result);
  out.is_error = failed(*result);
  return out;
}

}  // namespace ua::tools
