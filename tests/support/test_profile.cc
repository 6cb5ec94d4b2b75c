#include "tests/support/test_profile.h"

#include <utility>

#include <catch2/catch.hpp>

#include "platform/environment.h"
#include "tests/support/operation_state.h"

namespace ua::testing {

engine::TestConfig CommandTest(std::string name, std::vector<std::string> command) {
  engine::TestConfig test;
  test.type = "command";
  test.name = std::move(name);
  test.command = std::move(command);
  return test;
}

TestProfile::TestProfile() {
  profile.name = "t";
  profile.source = tmp / "src";
  profile.target = tmp / "prod";
  profile.backup_dir = tmp / "backups";
  profile.include = {"*.py", "*.json", "sub/**"};
  profile.exclude = {".env", "*.log"};
  log_file = tmp / "logs" / "deploy.log";
}

namespace {

template <typename Request>
Request NewRequest(const TestProfile& p) {
  Request r;
  r.profile = p.profile;
  r.log_file = p.log_file;
  r.deployed_by = "test:me";
  return r;
}

}  // namespace

engine::DeployRequest TestProfile::NewDeployRequest() const {
  return NewRequest<engine::DeployRequest>(*this);
}

engine::RollbackRequest TestProfile::NewRollbackRequest() const {
  return NewRequest<engine::RollbackRequest>(*this);
}

Result<engine::DeployResult> TestProfile::RunDeploy(const engine::DeployRequest& request,
                                                    EnvVars vars, std::stop_token stop,
                                                    engine::ProgressFn progress) const {
  Environment env = Environment::Fixed(std::move(vars));
  engine::DeployContext ctx;
  ctx.env = &env;
  ctx.stop = std::move(stop);
  ctx.progress = std::move(progress);
  return engine::Deploy(request, ctx);
}

Result<engine::RollbackResult> TestProfile::RunRollback(const engine::RollbackRequest& request,
                                                        EnvVars vars) const {
  Environment env = Environment::Fixed(std::move(vars));
  engine::DeployContext ctx;
  ctx.env = &env;
  return engine::Rollback(request, ctx);
}

bool TestProfile::LockHeld() const { return testing::LockHeld(profile.backup_dir); }

bool TestProfile::JournalExists() const { return testing::JournalExists(profile.backup_dir); }

bool TestProfile::HasStagingLeftovers() const {
  return testing::HasStagingLeftovers(profile.target);
}

}  // namespace ua::testing
