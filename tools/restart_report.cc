#include "tools/restart_report.h"

namespace ua::tools {

using nlohmann::json;

json RestartJson(const engine::RestartCheck& check) {
  json processes = json::array();
  for (const auto& p : check.processes) {
    processes.push_back({{"pid", p.pid},
                         {"started", p.started.empty() ? json(nullptr) : json(p.started)},
                         {"command_line", p.command_line},
                         {"why", engine::TargetUseName(p.why)},
                         {"path", p.path}});
  }
  return {{"status", engine::RestartStatusName(check.status)},
          {"reason", check.reason},
          {"processes", processes}};
}

json RestartRequiredJson(const engine::RestartCheck& check) {
  switch (check.status) {
    case engine::RestartStatus::kRequired:
      return true;
    case engine::RestartStatus::kNone:
      return false;
    case engine::RestartStatus::kUnknown:
      break;
  }
  return nullptr;
}

void AddRestartAdvice(const std::filesystem::path& target, mcp::ToolResult* result) {
  const json& s = result->structured;
  if (!s.is_object() || s.value("outcome", std::string()) != "complete") return;
  const engine::RestartCheck check = engine::FindProcessesUsing(target);
  result->structured["restart_required"] = RestartRequiredJson(check);
  result->structured["restart"] = RestartJson(check);
  const std::string version =
      s.contains("version") && s["version"].is_string() ? s["version"].get<std::string>() : "";
  const std::string sentence = engine::RestartSentence(check, version, SystemClock().Now());
  if (!sentence.empty()) result->human_text += " " + sentence;
}

}  // namespace ua::tools
