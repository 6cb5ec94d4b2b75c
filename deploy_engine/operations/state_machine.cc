#include "deploy_engine/operations/state_machine.h"

#include <spdlog/spdlog.h>

#include <array>
#include <utility>

namespace ua::engine {
namespace {

using S = DeployState;

constexpr std::array<std::pair<S, S>, 13> kTransitions = {{
    {S::kIdle, S::kChecking},
    {S::kChecking, S::kBackingUp},
    {S::kChecking, S::kComplete},
    {S::kChecking, S::kRollback},
    {S::kBackingUp, S::kDeploying},
    {S::kBackingUp, S::kRollback},
    {S::kDeploying, S::kTesting},
    {S::kDeploying, S::kRollback},
    {S::kTesting, S::kFinalizing},
    {S::kTesting, S::kRollback},
    {S::kFinalizing, S::kComplete},
    {S::kFinalizing, S::kRollback},
    {S::kRollback, S::kComplete},
}};

S NextWorkingState(S s) {
  switch (s) {
    case S::kChecking:
      return S::kBackingUp;
    case S::kBackingUp:
      return S::kDeploying;
    case S::kDeploying:
      return S::kTesting;
    case S::kTesting:
      return S::kFinalizing;
    default:
      return S::kComplete;
  }
}

}  // namespace

bool IsAllowedTransition(DeployState from, DeployState to) {
  for (const auto& [f, t] : kTransitions) {
    if (f == from && t == to) return true;
  }
  return false;
}

double StatePercent(DeployState s) {
  switch (s) {
    case S::kChecking:
      return 10;
    case S::kBackingUp:
      return 30;
    case S::kDeploying:
      return 60;
    case S::kTesting:
      return 85;
    case S::kFinalizing:
      return 95;
    case S::kComplete:
      return 100;
    case S::kIdle:
    case S::kRollback:
      return 0;
  }
  return 0;
}

StateMachine::StateMachine(const Clock& clock, ProgressFn progress)
    : clock_(clock), progress_(std::move(progress)), entered_(std::chrono::steady_clock::now()) {}

Status StateMachine::Transition(DeployState to) {
  if (!IsAllowedTransition(state_, to)) {
    spdlog::error("deploy: refused transition {} -> {}", DeployStateName(state_),
                  DeployStateName(to));
    return Internal(std::string("state transition ") + DeployStateName(state_) + " -> " +
                    DeployStateName(to) + " is not allowed");
  }
  const auto now = std::chrono::steady_clock::now();
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now - entered_).count();
  if (!records_.empty()) records_.back().ms = ms;
  spdlog::info("deploy: {} -> {} ({} ms in {})", DeployStateName(state_), DeployStateName(to), ms,
               DeployStateName(state_));
  state_ = to;
  entered_ = now;
  records_.push_back(StateRecord{to, FormatIsoUtc(clock_.Now()), 0});
  const double percent = to == S::kRollback ? std::min(99.0, last_percent_ + 1) : StatePercent(to);
  Report(percent, 0, 0, DeployStateName(to));
  return Status::Ok();
}

void StateMachine::Step(size_t done, size_t total, const std::string& what) {
  if (total == 0 || state_ == S::kRollback) return;
  const double base = StatePercent(state_);
  const double next = StatePercent(NextWorkingState(state_));
  const double percent =
      base + (next - base) * 0.9 * static_cast<double>(done) / static_cast<double>(total);
  Report(percent, done, total,
         std::string(DeployStateName(state_)) + ": " + what + " (" + std::to_string(done) + "/" +
             std::to_string(total) + ")");
}

void StateMachine::Finish() {
  if (records_.empty()) return;
  records_.back().ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                           std::chrono::steady_clock::now() - entered_)
                           .count();
}

void StateMachine::Report(double percent, size_t done, size_t total, const std::string& message) {
  if (percent <= last_percent_) return;
  last_percent_ = percent;
  if (progress_) progress_(ProgressUpdate{state_, percent, done, total, message});
}

}  // namespace ua::engine
