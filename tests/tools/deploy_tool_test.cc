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
  CHECK(text.find("Validation found 1 error:\n  - `./lint.sh` exited with code 1\n") !=
        std::string::npos);
  CHECK(text.find("and deploy again.") != std::string::npos);
}

}  // namespace
}  // namespace ua::tools
