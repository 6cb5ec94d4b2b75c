// DeployContext: the seams an operation (deploy, rollback, recovery, status) runs with: the
// environment and clock it reads, its cancellation, and where its progress goes. Tests pass
// fakes; production passes nothing and gets the process's own.
//
// A plain value; the pointers are borrowed and must outlive the operation it is passed to.
#pragma once

#include <stop_token>
#include <string>

#include "deploy_engine/operations/deploy_types.h"
#include "platform/clock.h"
#include "platform/environment.h"

namespace ua::engine {

struct DeployContext {
  const Environment* env = nullptr;  // nullptr: the process environment
  const Clock* clock = nullptr;      // nullptr: SystemClock()
  std::stop_token stop;              // cancellation: roll back at the next safe point
  ProgressFn progress;               // may be empty
  // The operation's id when its starter chose it already (a detached operation, whose id the
  // starter returns before the operation runs); "" makes a new one. Must be of the operation's
  // kind: 'd' for a deployment, 'r' for a rollback (state/deployment_id.h).
  std::string deployment_id;
};

}  // namespace ua::engine
