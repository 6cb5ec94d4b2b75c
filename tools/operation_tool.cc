#include "tools/operation_tool.h"

namespace ua::tools {

using nlohmann::json;

engine::DeployContext OperationContext(const ToolSession& session, std::stop_token stop,
                                       engine::ProgressFn progress) {
  engine::DeployContext context;
  context.env = &session.env;
  context.stop = std::move(stop);
  context.progress = std::move(progress);
  return context;
}

std::string CallerName(const mcp::ToolContext& ctx) {
  return ctx.client().name.empty() ? "mcp" : ctx.client().name;
}

json NullIfEmpty(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

json GitJson(const GitFacts& git) {
  return {{"commit", git.commit},
          {"short", git.short_id},
          {"branch", git.branch ? json(*git.branch) : json(nullptr)},
          {"detached", git.detached},
          {"dirty", git.dirty}};
}

json TestsJson(const std::vector<engine::TestOutcome>& tests) {
  json out = json::array();
  for (const auto& t : tests) {
    out.push_back(
        {{"name", t.name}, {"passed", t.passed}, {"ms", t.ms}, {"output_tail", t.output_tail}});
  }
  return out;
}

}  // namespace ua::tools
