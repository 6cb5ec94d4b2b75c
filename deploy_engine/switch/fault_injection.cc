#include "deploy_engine/switch/fault_injection.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

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
    } else if (name == "eio") {
      action = Action::kEio;
    } else if (name == "pause") {
      action = Action::kPause;
    } else if (name != "fail") {
      spdlog::warn("{}: unknown action '{}', using fail", kFaultVariable, name);
    }
  }
  spdlog::warn("{}: fault armed at {}", kFaultVariable, *value);
  return For(std::move(point), action, env.Get(kFaultPauseDirVariable).value_or(""));
}

FaultInjector FaultInjector::For(std::string point, Action action, std::string pause_dir) {
  FaultInjector f;
  f.point_ = std::move(point);
  f.action_ = action;
  f.pause_dir_ = std::move(pause_dir);
  return f;
}

Status FaultInjector::Pause(std::string_view point) const {
  const std::string reached = pause_dir_ + "/reached", resume = pause_dir_ + "/resume";
  const int out = ::open(reached.c_str(), O_WRONLY | O_CLOEXEC);  // blocks until the test reads
  if (out < 0) return Internal("pause at " + std::string(point) + ": cannot open " + reached);
  const std::string line = std::string(point) + "\n";
  const bool told = ::write(out, line.data(), line.size()) == static_cast<ssize_t>(line.size());
  ::close(out);
  const int in = ::open(resume.c_str(), O_RDONLY | O_CLOEXEC);  // blocks until the test writes
  if (!told || in < 0) {
    if (in >= 0) ::close(in);
    return Internal("pause at " + std::string(point) + ": cannot talk through " + pause_dir_);
  }
  char buffer[64];
  while (::read(in, buffer, sizeof buffer) > 0) {
  }
  ::close(in);
  return Status::Ok();
}

Status FaultInjector::Check(std::string_view point) const {
  if (action_ == Action::kNone || point != point_) return Status::Ok();
  if (action_ == Action::kKill) {
    spdlog::warn("{}: killing the process at {}", kFaultVariable, point);
    raise(SIGKILL);
  }
  if (action_ == Action::kEio) {
    return IoError("Input/output error (injected at " + std::string(point) + ")");
  }
  if (action_ == Action::kPause) return Pause(point);
  return Internal("injected fault at " + std::string(point) + " (" + kFaultVariable + ")");
}

Status FaultInjector::CheckCounted(std::string_view prefix, size_t n) const {
  if (action_ == Action::kNone) return Status::Ok();
  return Check(std::string(prefix) + ":" + std::to_string(n));
}

}  // namespace ua::engine
