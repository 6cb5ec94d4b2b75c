// StateMachine: the states of one deployment and the only transitions allowed between them
// (docs/design.md "The deployment"):
//   IDLE -> CHECKING -> BACKING_UP -> DEPLOYING -> TESTING -> FINALIZING -> COMPLETE,
//   CHECKING|BACKING_UP|DEPLOYING|TESTING|FINALIZING -> ROLLBACK,
//   CHECKING -> COMPLETE (nothing to do, dry run, or refused before touching anything).
// Any other transition is a bug and is refused with kInternal; the state does not change.
//
// Each accepted transition closes the time of the state left, opens a StateRecord for the new
// one, logs it (spdlog) and reports progress. Progress values only ever increase: the fixed
// percentage of each state, per-item steps between a state's value and the next one, and
// ROLLBACK one step above the last value sent.
//
// Owned by the deploying thread; not thread-safe.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "base/status.h"
#include "deploy_engine/operations/deploy_types.h"
#include "platform/clock.h"

namespace ua::engine {

bool IsAllowedTransition(DeployState from, DeployState to);
// 10, 30, 60, 85, 95, 100 for CHECKING..COMPLETE; 0 for IDLE and ROLLBACK.
double StatePercent(DeployState s);

class StateMachine {
 public:
  StateMachine(const Clock& clock, ProgressFn progress);

  DeployState state() const { return state_; }
  Status Transition(DeployState to);
  // Per-item progress inside the current state: done of total items, `what` names the item.
  void Step(size_t done, size_t total, const std::string& what);
  // Closes the current state's time; call once when the deployment ends.
  void Finish();
  const std::vector<StateRecord>& records() const { return records_; }

 private:
  void Report(double percent, size_t done, size_t total, const std::string& message);

  const Clock& clock_;
  ProgressFn progress_;
  DeployState state_ = DeployState::kIdle;
  std::vector<StateRecord> records_;
  std::chrono::steady_clock::time_point entered_;
  double last_percent_ = 0;
};

}  // namespace ua::engine
