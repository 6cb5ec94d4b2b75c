// Real crash tests: the real `ua-deploy deploy` is SIGKILLed (UA_DEPLOY_FAULT=<point>=kill) at
// each state and at points inside BACKING_UP and DEPLOYING; the next `ua-deploy status` must
// recover first. Afterwards production's managed files are exactly the old or the new release,
// unmanaged files are unchanged, the lock is free and history says `interrupted`.
#include <catch2/catch.hpp>
#include <csignal>
#include <fstream>
#include <nlohmann/json.hpp>

#include "deploy_engine/history.h"
#include "deploy_engine/subprocess.h"
#include "tests/support/example_sandbox.h"

namespace ua {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::ExampleSandbox;
using testing::Tree;

using testing::ManagedPart;
using testing::UnmanagedPart;

engine::SubprocessResult RunWithFault(const ExampleSandbox& box, const fs::path& config,
                                      const std::string& fault) {
  engine::SubprocessOptions options;
  options.argv = {UA_DEPLOY_BINARY, "deploy", "--config", config.string(), "--json"};
  options.env = box.env();
  options.env["UA_DEPLOY_FAULT"] = fault;
  options.timeout = std::chrono::seconds(60);
  auto result = engine::Subprocess::Run(options);
  REQUIRE(result.ok());
  REQUIRE_FALSE(result->timed_out);
  return std::move(result).value();
}

TEST_CASE("A deploy killed at any point recovers to the old or the new release",
          "[integration][crash]") {
  const std::string point =
      GENERATE(as<std::string>{}, "CHECKING", "BACKING_UP", "BACKING_UP:after-file:1",
               "BACKING_UP:after-file:3", "BACKING_UP:after-backup", "DEPLOYING",
               "DEPLOYING:after-stage", "DEPLOYING:after-journal", "DEPLOYING:after-rename:1",
               "DEPLOYING:after-rename:2", "DEPLOYING:after-remove:1", "DEPLOYING:after-switch",
               "TESTING", "FINALIZING", "FINALIZING:after-version");
  INFO("killed at " << point);
  ExampleSandbox box;
  const fs::path config = box.WritePlainConfig();
  const Tree old_release = testing::SnapshotTree(box.prod());
  const Tree new_managed = ManagedPart(testing::SnapshotTree(box.dev()));
  REQUIRE(ManagedPart(old_release) != new_managed);

  auto killed = RunWithFault(box, config, point + "=kill");
  INFO(killed.stderr_text);
  REQUIRE(killed.exit.signal);
  CHECK(*killed.exit.signal == SIGKILL);

  auto status = box.RunUaDeploy({"status", "--config", config.string(), "--json"});
  INFO(status.stderr_text);
  REQUIRE(status.exit.success());
  json report = json::parse(status.stdout_text, nullptr, false);
  REQUIRE(report.is_object());
  CHECK(report["lock"]["held"] == false);
  CHECK(report["interrupted"] == false);

  const Tree after = testing::SnapshotTree(box.prod());
  if (point == "FINALIZING:after-version") {
    CHECK(ManagedPart(after) == new_managed);
    CHECK(report["production"]["version"] == "0.1.1");
  } else {
    CHECK(after == old_release);
  }
  CHECK(UnmanagedPart(after) == UnmanagedPart(old_release));
  for (const auto& entry : fs::directory_iterator(box.prod())) {
    CHECK(entry.path().filename().string().rfind(".ua-deploy-staging-", 0) != 0);
  }

  auto history = engine::ReadHistory(box.root() / "backups" / "unified-agents", 10);
  REQUIRE(history.ok());
  REQUIRE_FALSE(history->empty());
  CHECK((*history)[0]["outcome"] == "interrupted");

  // The profile is usable again: the next deploy completes.
  auto again = box.RunUaDeploy({"deploy", "--config", config.string(), "--json"});
  INFO(again.stdout_text << again.stderr_text);
  CHECK(again.exit.exit_code == 0);
  CHECK(ManagedPart(testing::SnapshotTree(box.prod())) == new_managed);
}

TEST_CASE("A rollback killed halfway is finished by the next start", "[integration][crash]") {
  const std::string point = GENERATE(as<std::string>{}, "ROLLBACK", "ROLLBACK:after-restore:1",
                                     "ROLLBACK:after-restore:2");
  INFO("killed at " << point);
  ExampleSandbox box;
  const fs::path config = box.WritePlainConfig(
      {{"tests", json::array({{{"type", "command"}, {"command", {"false"}}}})}});
  const Tree old_release = testing::SnapshotTree(box.prod());

  auto killed = RunWithFault(box, config, point + "=kill");
  INFO(killed.stderr_text);
  REQUIRE(killed.exit.signal);
  CHECK(*killed.exit.signal == SIGKILL);

  auto status = box.RunUaDeploy({"status", "--config", config.string(), "--json"});
  INFO(status.stderr_text);
  REQUIRE(status.exit.success());
  json report = json::parse(status.stdout_text, nullptr, false);
  REQUIRE(report.is_object());
  CHECK(report["lock"]["held"] == false);
  CHECK(report["interrupted"] == false);
  CHECK(testing::SnapshotTree(box.prod()) == old_release);
  auto history = engine::ReadHistory(box.root() / "backups" / "unified-agents", 10);
  REQUIRE(history.ok());
  REQUIRE_FALSE(history->empty());
  CHECK((*history)[0]["outcome"] == "interrupted");
  CHECK((*history)[0]["resolution"] == "rolled_back");
}

}  // namespace
}  // namespace ua
