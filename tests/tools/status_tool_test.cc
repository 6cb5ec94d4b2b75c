// ua_self_status with check_health, on a private copy of the bundled example: the real example
// server is started from production, then production is broken in the ways users break it.
#include "tools/status_tool.h"

#include <catch2/catch.hpp>

#include "base/json_schema.h"
#include "deploy_engine/state/deploy_lock.h"
#include "deploy_engine/state/layout.h"
#include "tests/support/example_sandbox.h"
#include "tests/support/temp_dir.h"
#include "tools/tool_schemas.h"

namespace ua::tools {
namespace {

using engine::HealthStatus;
using nlohmann::json;
using testing::ExampleSandbox;
using testing::SnapshotTree;

ToolSession SessionFor(const std::filesystem::path& config, const ExampleSandbox& box) {
  ToolSession session;
  session.config_flag = config;
  session.env = Environment::Fixed(box.env());
  return session;
}

engine::StatusReport StatusWithHealth(const ToolSession& session) {
  auto report = GatherStatus(session, {.profile = std::nullopt,
                                       .check_health = true,
                                       .deployment_id = std::nullopt,
                                       .wait = {},
                                       .diff = false});
  REQUIRE(report.ok());
  REQUIRE(report->health.has_value());
  return std::move(report).value();
}

void CheckSchemaValid(const json& out) {
  auto document = ToolOutputSchema("ua_self_status");
  REQUIRE(document.ok());
  auto schema = JsonSchema::Parse(*document);
  REQUIRE(schema.ok());
  for (const auto& v : (*schema)->Validate(out)) {
    INFO(v.path << ": " << v.message);
    CHECK(false);
  }
}

TEST_CASE("Health of the example's production is healthy with its three tools",
          "[tools][status][health]") {
  ExampleSandbox box;
  const ToolSession session = SessionFor(box.config(), box);
  const auto before = SnapshotTree(box.prod());
  const engine::StatusReport report = StatusWithHealth(session);
  const engine::HealthReport& health = *report.health;
  INFO(health.reason << "\n" << health.stderr_tail);
  CHECK(health.status == HealthStatus::kHealthy);
  CHECK(health.server_name == "unified-agents");
  CHECK(health.protocol_version == "2025-11-25");
  CHECK(health.tools == std::vector<std::string>{"list_agents", "render_template", "run_workflow"});
  CHECK(health.ms > 0);
  CHECK(SnapshotTree(box.prod()) == before);

  const json out = StatusToJson(report);
  CheckSchemaValid(out);
  CHECK(out["health"]["status"] == "healthy");
  CHECK(out["health"]["tools"].size() == 3);
  CHECK(StatusSummary(report).find("Health: healthy") != std::string::npos);
}

TEST_CASE("Health is unhealthy when production prints a banner on stdout",
          "[tools][status][health]") {
  ExampleSandbox box;
  testing::WriteFile(
      box.prod() / "server.py",
      "print('unified-agents starting')\n" + testing::ReadFileOrDie(box.prod() / "server.py"));
  const ToolSession session = SessionFor(box.config(), box);
  const auto before = SnapshotTree(box.prod());
  const engine::StatusReport report = StatusWithHealth(session);
  const engine::HealthReport& health = *report.health;
  CHECK(health.status == HealthStatus::kUnhealthy);
  CHECK(health.reason.find("unified-agents starting") != std::string::npos);
  CHECK(SnapshotTree(box.prod()) == before);
  const json out = StatusToJson(report);
  CheckSchemaValid(out);
  CHECK(out["health"]["status"] == "unhealthy");
  CHECK(StatusSummary(report).find("Health: UNHEALTHY") != std::string::npos);
}

TEST_CASE("Health of a production that crashes at start carries its stderr",
          "[tools][status][health]") {
  ExampleSandbox box;
  testing::WriteFile(box.prod() / "server.py",
                     "import sys\nsys.stderr.write('cannot open agents registry\\n')\n"
                     "sys.exit(3)\n");
  const engine::StatusReport report = StatusWithHealth(SessionFor(box.config(), box));
  const engine::HealthReport& health = *report.health;
  CHECK(health.status == HealthStatus::kUnhealthy);
  CHECK(health.stderr_tail.find("cannot open agents registry") != std::string::npos);
  CheckSchemaValid(StatusToJson(report));
}

TEST_CASE("Health is unknown without an mcp_handshake test and runs nothing",
          "[tools][status][health]") {
  ExampleSandbox box;
  // Production that would fail the handshake: an unknown answer must not come from running it.
  testing::WriteFile(box.prod() / "server.py", "print('junk')\n");
  const engine::StatusReport report = StatusWithHealth(SessionFor(box.WritePlainConfig(), box));
  const engine::HealthReport& health = *report.health;
  CHECK(health.status == HealthStatus::kUnknown);
  CHECK(health.reason.find("no mcp_handshake test") != std::string::npos);
  CHECK(health.ms == 0);
  const json out = StatusToJson(report);
  CheckSchemaValid(out);
  CHECK_FALSE(out["health"].contains("tools"));
}

TEST_CASE("Health is unknown while a deployment holds the lock", "[tools][status][health]") {
  ExampleSandbox box;
  const ToolSession session = SessionFor(box.config(), box);
  auto resolved = session.ResolveProfile(std::nullopt);
  REQUIRE(resolved.ok());
  engine::LockHolder holder;
  holder.deployment_id = "d-test";
  auto lock = engine::DeployLock::Acquire(engine::LockPath(resolved->second.backup_dir), holder, 0);
  REQUIRE(lock.ok());
  const engine::StatusReport report = StatusWithHealth(session);
  CHECK(report.health->status == HealthStatus::kUnknown);
  CHECK(report.health->reason.find("holds the lock") != std::string::npos);
}

TEST_CASE("Health is unknown when production does not exist yet", "[tools][status][health]") {
  ExampleSandbox box;
  std::filesystem::remove_all(box.prod());
  const engine::StatusReport report = StatusWithHealth(SessionFor(box.config(), box));
  CHECK(report.health->status == HealthStatus::kUnknown);
  CHECK(report.health->reason.find("does not exist") != std::string::npos);
}

TEST_CASE("Without check_health no server is started and no health is reported",
          "[tools][status][health]") {
  ExampleSandbox box;
  auto report = GatherStatus(SessionFor(box.config(), box), {});
  REQUIRE(report.ok());
  CHECK_FALSE(report->health.has_value());
  CHECK_FALSE(StatusToJson(*report).contains("health"));
}

}  // namespace
}  // namespace ua::tools
