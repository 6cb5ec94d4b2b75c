#include "deploy_engine/checks/post_deploy_tests.h"

#include <catch2/catch.hpp>

#include "tests/support/example_sandbox.h"
#include "tests/support/temp_dir.h"

namespace ua::engine {
namespace {

using ua::testing::TempDir;
using ua::testing::WriteFile;

TestConfig Command(std::vector<std::string> argv, double timeout_s = 10) {
  TestConfig t;
  t.type = "command";
  t.command = std::move(argv);
  for (const std::string& a : t.command) t.name += (t.name.empty() ? "" : " ") + a;
  t.timeout_s = timeout_s;
  return t;
}

TEST_CASE("A command test passes on exit 0 in the target with its env", "[engine][post_deploy]") {
  TempDir target;
  WriteFile(target / "marker.txt", "here\n");
  TestConfig t = Command({"sh", "-c", "cat marker.txt; echo \"mode=$UA_TEST_MODE\""});
  t.env = {{"UA_TEST_MODE", "smoke"}};
  auto outcomes = RunPostDeployTests({t}, target.path(), std::stop_token());
  REQUIRE(outcomes.size() == 1);
  CHECK(outcomes[0].passed);
  CHECK(outcomes[0].name == t.name);
  CHECK(outcomes[0].output_tail == "here\nmode=smoke");
}

TEST_CASE("A command test fails on a non-zero exit with its output tail", "[engine][post_deploy]") {
  TempDir target;
  TestOutcome o =
      RunPostDeployTest(Command({"sh", "-c", "echo step one; echo 'assert failed' >&2; exit 4"}),
                        target.path(), std::stop_token());
  CHECK_FALSE(o.passed);
  CHECK_THAT(o.output_tail, Catch::Contains("exit code 4") && Catch::Contains("step one") &&
                                Catch::Contains("assert failed"));
}

TEST_CASE("A command test output tail keeps the last 2 KB", "[engine][post_deploy]") {
  TempDir target;
  TestOutcome o =
      RunPostDeployTest(Command({"sh", "-c",
                                 "i=0; while [ $i -lt 2000 ]; do echo line$i; i=$((i+1)); done; "
                                 "exit 1"}),
                        target.path(), std::stop_token());
  CHECK_FALSE(o.passed);
  CHECK(o.output_tail.size() <= 2100);
  CHECK_THAT(o.output_tail, Catch::EndsWith("line1999"));
  CHECK(o.output_tail.find("line0\n") == std::string::npos);
}

TEST_CASE("A command test that runs too long is killed and fails", "[engine][post_deploy]") {
  TempDir target;
  TestOutcome o = RunPostDeployTest(Command({"sh", "-c", "echo started; sleep 30"}, 0.5),
                                    target.path(), std::stop_token());
  CHECK_FALSE(o.passed);
  CHECK_THAT(o.output_tail,
             Catch::StartsWith("timed out after 0.5 s") && Catch::Contains("started"));
  CHECK(o.ms < 5000);
}

TEST_CASE("A command test that cannot start fails with the reason", "[engine][post_deploy]") {
  TempDir target;
  TestOutcome o = RunPostDeployTest(Command({"no-such-test-ua"}), target.path(), std::stop_token());
  CHECK_FALSE(o.passed);
  CHECK_THAT(o.output_tail, Catch::Contains("no-such-test-ua"));
}

TEST_CASE("Every test runs and each reports its own outcome", "[engine][post_deploy]") {
  TempDir target;
  auto outcomes =
      RunPostDeployTests({Command({"false"}), Command({"true"}), Command({"sh", "-c", "exit 2"})},
                         target.path(), std::stop_token());
  REQUIRE(outcomes.size() == 3);
  CHECK_FALSE(outcomes[0].passed);
  CHECK(outcomes[1].passed);
  CHECK_FALSE(outcomes[2].passed);
}

TEST_CASE("An mcp_handshake test reports the server and its negotiated version",
          "[engine][post_deploy]") {
  ua::testing::ExampleSandbox sandbox;
  TestConfig t;
  t.type = "mcp_handshake";
  t.name = "mcp_handshake";
  t.command = {"python3", "server.py"};
  t.timeout_s = 20;
  TestOutcome o = RunPostDeployTest(t, sandbox.prod(), std::stop_token());
  INFO(o.output_tail);
  CHECK(o.passed);
  CHECK(o.name == "mcp_handshake");
  CHECK_THAT(o.output_tail, Catch::Contains("unified-agents") && Catch::Contains("2025-11-25") &&
                                Catch::Contains("3 tools"));
}

TEST_CASE("A failing mcp_handshake test carries the server's stderr", "[engine][post_deploy]") {
  TempDir target;
  WriteFile(target / "server.py",
            "import sys\nsys.stderr.write('Traceback: broken import\\n')\n"
            "sys.exit(1)\n");
  TestConfig t;
  t.type = "mcp_handshake";
  t.name = "mcp_handshake";
  t.command = {"python3", "server.py"};
  t.timeout_s = 10;
  TestOutcome o = RunPostDeployTest(t, target.path(), std::stop_token());
  CHECK_FALSE(o.passed);
  CHECK_THAT(o.output_tail, Catch::Contains("exit code 1") &&
                                Catch::Contains("server stderr:\nTraceback: broken import"));
}

TEST_CASE("Tests after a stop request are reported as cancelled", "[engine][post_deploy]") {
  TempDir target;
  std::stop_source stop;
  stop.request_stop();
  auto outcomes = RunPostDeployTests({Command({"true"})}, target.path(), stop.get_token());
  REQUIRE(outcomes.size() == 1);
  CHECK_FALSE(outcomes[0].passed);
  CHECK(outcomes[0].output_tail == "cancelled");
}

TEST_CASE("An unknown test type fails and names the known ones", "[engine][post_deploy]") {
  TempDir target;
  TestConfig t = Command({"true"});
  t.type = "http";
  TestOutcome o = RunPostDeployTest(t, target.path(), std::stop_token());
  CHECK_FALSE(o.passed);
  CHECK_THAT(o.output_tail, Catch::Contains("mcp_handshake"));
}

}  // namespace
}  // namespace ua::engine
