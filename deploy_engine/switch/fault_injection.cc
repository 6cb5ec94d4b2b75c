#include "deploy_engine/switch/fault_injection.h"

#include <signal.h>

#include <spdlog/spdlog.h>

namespace ua::engine {

FaultInjector FaultInjector::FromEnvironment(const Environment& env) {
  std::optional<std::string> value = env.Get(kFaultVariable);
  if (!value || value->empty()) return {};
  std::string point = *value;
  Action action = Action::kFail;
  if (size_t eq = point.rfind('='); eq != std::string::npos) {
    const std::string name = point.substr(eq + 1);
    point.resize(eq);
    if (name == "kill") {
      action = Action::kKill;
    } else if (name != "fail") {
      spdlog::warn("{}: unknown action '{}', using fail", kFaultVariable, name);
    }
  }
  spdlog::warn("{}: fault armed at {} ({})", kFaultVariable, point,
               action == Action::kKill ? "kill" : "fail");
  return For(std::move(point), action);
}

FaultInjector FaultInjector::For(std::string point, Action action) {
  FaultInjector f;
  f.point_ = std::move(point);
  f.action_ = action;
  return f;
}

Status FaultInjector::Check(std::string_view point) const {
  if (action_ == Action::kNone || point != point_) return Status::Ok();
  if (action_ == Action::kKill) {
    spdlog::warn("{}: killing the process at {}", kFaultVariable, point);
    raise(SIGKILL);
  }
  return Internal("injected fault at " + std::string(point) + " (" + kFaultVariable + ")");
}

Status FaultInjector::CheckCounted(std::string_view prefix, size_t n) const {
  if (action_ == Action::kNone) return Status::Ok();
  return Check(std::string(prefix) + ":" + std::to_string(n));
}

}  // namespace ua::engine
