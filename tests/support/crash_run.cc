#include "tests/support/crash_run.h"

#include <csignal>

#include <catch2/catch.hpp>

namespace ua::testing {

SubprocessResult RunKilledAt(const ExampleSandbox& box, const std::vector<std::string>& args,
                             const std::string& point) {
  SubprocessOptions options = box.UaDeployOptions(args);
  options.env["UA_DEPLOY_FAULT"] = point + "=kill";
  auto killed = Subprocess::Run(options);
  REQUIRE(killed.ok());
  REQUIRE_FALSE(killed->timed_out);
  INFO(killed->stderr_text);
  REQUIRE(killed->exit.signal);
  CHECK(*killed->exit.signal == SIGKILL);
  return std::move(killed).value();
}

nlohmann::json StatusAfterRecovery(const ExampleSandbox& box, const std::filesystem::path& config) {
  auto status = box.RunUaDeploy({"status", "--config", config.string(), "--json"});
  INFO(status.stderr_text);
  REQUIRE(status.exit.success());
  nlohmann::json report = nlohmann::json::parse(status.stdout_text, nullptr, false);
  REQUIRE(report.is_object());
  CHECK(report["lock"]["held"] == false);
  CHECK(report["interrupted"] == false);
  return report;
}

}  // namespace ua::testing
