// NewDeploymentId: the id of one operation on a profile (a deployment or a rollback), as it
// appears in VERSION, the history, the event log, the journal and the lock file:
// "<prefix><UTC yyyymmddTHHMMSS.mmmZ>-<4 random hex>", e.g. "d20261121T224509.123Z-1a2b".
// Ids of one profile are unique in practice (millisecond stamp plus 16 random bits).
//
// Stateless; safe from any thread.
#pragma once

#include <string>

#include "platform/clock.h"

namespace ua::engine {

// `prefix` is 'd' for deployments, 'r' for rollbacks.
std::string NewDeploymentId(const Clock& clock, char prefix = 'd');

}  // namespace ua::engine
