#include "tools/recovery_text.h"

#include <cctype>

#include "tools/human_text.h"

namespace ua::tools {

nlohmann::json RecoveryJson(const engine::RecoveryReport& report) {
  nlohmann::json files = nlohmann::json::array();
  for (const auto& f : report.files) {
    files.push_back({{"path", f.path}, {"state", engine::FileStateName(f.state)}});
  }
  return {{"headline", report.headline},
          {"files", files},
          {"reasons", report.reasons},
          {"commands", report.commands},
          {"journal", report.journal}};
}

std::string RecoveryText(const engine::RecoveryReport& report) {
  std::string headline = AsSentence(report.headline);
  headline[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(headline[0])));
  std::string s = "\n" + headline + "\nFiles:";
  for (const auto& f : report.files) {
    const std::string state = engine::FileStateName(f.state);
    s += "\n  " + state + std::string(8 - state.size(), ' ') + f.path;
  }
  s += "\nWhy:";
  for (const auto& reason : report.reasons) s += "\n  " + reason;
  s += "\nThe journal " + report.journal +
       " is kept: once the cause is fixed, any ua-deploy command for this profile finishes the "
       "restore. To finish it by hand instead:";
  for (const auto& c : report.commands) s += "\n  " + c;
  return s;
}

}  // namespace ua::tools
