#include "tools/deploy_tool.h"

#include <catch2/catch.hpp>

namespace ua::tools {
namespace {

using engine::DeployOutcome;
using engine::DeployResult;

TEST_CASE("A rolled-back deploy's text keeps the reason and the rollback apart",
          "[tools][deploy]") {
  DeployResult r;
  r.outcome = DeployOutcome::kRolledBack;
  r.version = "0.1.2";
  r.previous_version = "0.1.1";
  r.failed_state = "TESTING";
  r.failure_reason = "post-deploy test(s) failed: mcp_handshake; see tests[].output_tail";
  const std::string text = DeploySummary(r);
  CHECK(text.find("see tests[].output_tail. Production was rolled back to v0.1.1") !=
        std::string::npos);
}

TEST_CASE("A finding about no single file is shown by its message alone", "[tools][deploy]") {
  DeployResult r;
  r.outcome = DeployOutcome::kFailed;
  r.failed_state = "CHECKING";
  r.failure_reason = "validation failed with 1 error(s); fix the source and deploy again";
  r.validation = {{.validator = "command",
                   .path = "",
                   .line = std::nullopt,
                   .column = std::nullopt,
                   .severity = "error",
                   .message = "`./lint.sh` exited with code 1",
                   .rule = ""}};
  const std::string text = DeploySummary(r);
  CHECK(text.find("Validation found 1 error (listed below).") != std::string::npos);
  CHECK_THAT(text, Catch::EndsWith("\nValidation errors:\n  - `./lint.sh` exited with code 1"));
  CHECK(text.find("and deploy again.") != std::string::npos);
}

}  // namespace
}  // namespace ua::tools

namespace ua::tools {
namespace {

TEST_CASE("A rollback that could not finish is reported line by line, files and commands",
          "[tools][deploy]") {
  DeployResult r;
  r.outcome = DeployOutcome::kFailed;
  r.version = "0.1.2";
  r.failed_state = "DEPLOYING";
  r.failure_reason = "rename /srv/app/c.py: Operation not permitted";
  r.recovery = engine::RecoveryReport{
      .headline =
          "production is a mix of the old and the new release: 1 of 2 files old, 1 "
          "new, 0 neither",
      .files = {{"a.py", engine::FileState::kNew}, {"c.py", engine::FileState::kOld}},
      .reasons = {"/srv/app/a.py: immutable (chattr +i)"},
      .commands = {"chattr -i '/srv/app/a.py'", "cp -a '/b/files/a.py' '/srv/app/a.py'"},
      .journal = "/b/journal.json"};
  const std::string text = DeploySummary(r);
  CHECK_THAT(text, Catch::Contains("\nProduction is a mix of the old and the new release: 1 of 2 "
                                   "files old, 1 new, 0 neither.\nFiles:\n  new     a.py\n"
                                   "  old     c.py\nWhy:\n  /srv/app/a.py: immutable (chattr +i)\n"
                                   "The journal /b/journal.json is kept"));
  CHECK_THAT(text, Catch::EndsWith("\n  chattr -i '/srv/app/a.py'\n"
                                   "  cp -a '/b/files/a.py' '/srv/app/a.py'"));
  const nlohmann::json out = DeployToJson(r);
  REQUIRE(out.contains("recovery"));
  CHECK(out["recovery"]["files"][0] == nlohmann::json{{"path", "a.py"}, {"state", "new"}});
  CHECK(out["recovery"]["commands"].size() == 2);
  CHECK(out["recovery"]["journal"] == "/b/journal.json");
}

}  // namespace
}  // namespace ua::tools
