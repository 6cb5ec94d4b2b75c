// TestProfile: the profile "t" that the engine tests of deployments and rollbacks share, in a
// TempDir: source <tmp>/src, target <tmp>/prod, backup_dir <tmp>/backups, include *.py,
// *.json and sub/**, exclude .env and *.log, event log <tmp>/logs/deploy.log. It writes no
// file: each test's fixture puts its own trees in place.
//
// The Run* helpers call the engine with Environment::Fixed(vars), never the process
// environment, so no test reads or writes the real home directory. The checks read the
// profile's state without changing it.
//
// Owned by one test; not shared between threads.
#pragma once

#include <filesystem>
#include <map>
#include <stop_token>
#include <string>
#include <vector>

#include "base/status.h"
#include "deploy_engine/config/config.h"
#include "deploy_engine/operations/deployer.h"
#include "deploy_engine/operations/rollback.h"
#include "tests/support/temp_dir.h"

namespace ua::testing {

using EnvVars = std::map<std::string, std::string>;

// A post-deploy test of type "command" that runs `command` in the target.
engine::TestConfig CommandTest(std::string name, std::vector<std::string> command);

struct TestProfile {
  TempDir tmp;
  engine::Profile profile;
  std::filesystem::path log_file;

  TestProfile();

  // The profile and log file, deployed_by "test:me"; everything else as the request's default.
  engine::DeployRequest NewDeployRequest() const;
  engine::RollbackRequest NewRollbackRequest() const;

  Result<engine::DeployResult> RunDeploy(const engine::DeployRequest& request, EnvVars vars = {},
                                         std::stop_token stop = {},
                                         engine::ProgressFn progress = {}) const;
  Result<engine::RollbackResult> RunRollback(const engine::RollbackRequest& request,
                                             EnvVars vars = {}) const;

  // operation_state.h's checks on this profile.
  bool LockHeld() const;
  bool JournalExists() const;
  bool HasStagingLeftovers() const;
};

}  // namespace ua::testing
