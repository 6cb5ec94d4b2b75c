#include "tests/support/operation_state.h"

#include <catch2/catch.hpp>

#include "deploy_engine/state/deploy_lock.h"
#include "deploy_engine/state/journal.h"
#include "deploy_engine/state/layout.h"

namespace ua::testing {

bool HasStagingLeftovers(const std::filesystem::path& target) {
  if (!std::filesystem::exists(target)) return false;
  for (const auto& e : std::filesystem::directory_iterator(target)) {
    if (e.path().filename().string().rfind(".ua-deploy-staging-", 0) == 0) return true;
  }
  return false;
}

bool JournalExists(const std::filesystem::path& backup_dir) {
  return std::filesystem::exists(engine::JournalPath(backup_dir));
}

bool LockHeld(const std::filesystem::path& backup_dir) {
  auto probe = engine::ProbeLock(engine::LockPath(backup_dir));
  REQUIRE(probe.ok());
  return probe->held;
}

}  // namespace ua::testing
