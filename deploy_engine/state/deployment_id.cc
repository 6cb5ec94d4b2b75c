#include "deploy_engine/state/deployment_id.h"

#include <cstdio>
#include <random>

namespace ua::engine {

std::string NewDeploymentId(const Clock& clock, char prefix) {
  std::random_device rd;
  char suffix[8];
  std::snprintf(suffix, sizeof suffix, "%04x", static_cast<unsigned>(rd() & 0xffff));
  return std::string(1, prefix) + FormatBackupStamp(clock.Now()) + "-" + suffix;
}

}  // namespace ua::engine
