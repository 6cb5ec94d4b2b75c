// The arguments object from the command line's or the MCP client's form to the engine
// request: CheckedToolArguments (schema check and defaults), then each tool's request builder.
#include "tools/tool_arguments.h"

#include <catch2/catch.hpp>

#include "mcp/tool_call.h"
#include "mcp/tool_registry.h"
#include "tests/support/temp_dir.h"
#include "tools/deploy_tool.h"
#include "tools/rollback_tool.h"
#include "tools/status_tool.h"

namespace ua::tools {
namespace {

using nlohmann::json;
using testing::TempDir;
using testing::WriteFile;

// A config with profiles "a" (the default) and "b" in a TempDir.
struct ConfigFixture {
  TempDir tmp;
  ToolSession session;

  ConfigFixture() {
    WriteFile(tmp / "config.json", R"({
      "default_profile": "a",
      "log_file": "events.log",
      "profiles": {
        "a": {"source": "a/src", "target": "a/prod", "backup_dir": "a/backups", "include": ["*.py"]},
        "b": {"source": "b/src", "target": "b/prod", "backup_dir": "b/backups", "include": ["*.py"]}
      }})");
    session.config_flag = tmp / "config.json";
    session.env = Environment::Fixed({{"HOME", tmp.path().string()}});
  }
};

json Checked(const std::string& tool, const json& given) {
  auto args = CheckedToolArguments(tool, given);
  INFO(args.status().ToString());
  REQUIRE(args.ok());
  return *args;
}

TEST_CASE("Absent arguments get the defaults their schema declares", "[tools][arguments]") {
  CHECK(Checked("ua_self_deploy", json::object()) ==
        json{{"diff", false}, {"dry_run", false}, {"message", ""}});
  CHECK(Checked("ua_self_rollback", json::object()) == json{{"dry_run", false}, {"list", false}});
  CHECK(Checked("ua_self_status", json::object()) ==
        json{{"check_health", false}, {"diff", false}, {"wait_s", 0}});
  CHECK(Checked("ua_self_deploy", {{"dry_run", true}, {"version", "1.2.3"}}) ==
        json{{"diff", false}, {"dry_run", true}, {"message", ""}, {"version", "1.2.3"}});
}

TEST_CASE("A bad argument is refused with the message the MCP call gets", "[tools][arguments]") {
  const json bad = {{"version", "1.2"}};
  auto refused = CheckedToolArguments("ua_self_deploy", bad);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.status().code() == StatusCode::kInvalidArgument);
  CHECK_THAT(refused.status().message(), Catch::StartsWith("Invalid arguments: /version: "));

  const ToolSession session;
  auto definition = DeployToolDefinition(session);
  REQUIRE(definition.ok());
  mcp::ToolRegistry registry;
  REQUIRE(registry.Add(*definition).ok());
  auto mcp_result = mcp::CheckToolArguments(*registry.Find("ua_self_deploy"), bad);
  REQUIRE(mcp_result);
  CHECK_THAT(*mcp_result, Catch::StartsWith(refused.status().message() + ". "));

  auto unknown = CheckedToolArguments("ua_self_nothing", json::object());
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.status().code() == StatusCode::kInternal);
}

TEST_CASE("DeployRequestFrom maps each argument onto the engine request", "[tools][arguments]") {
  ConfigFixture f;
  auto plain = DeployRequestFrom(f.session, Checked("ua_self_deploy", json::object()), "cli:me");
  REQUIRE(plain.ok());
  CHECK(plain->profile.name == "a");
  CHECK(plain->log_file == f.tmp / "events.log");
  CHECK(plain->deployed_by == "cli:me");
  CHECK_FALSE(plain->dry_run);
  CHECK_FALSE(plain->version.has_value());
  CHECK(plain->message.empty());

  auto given = DeployRequestFrom(
      f.session,
      Checked("ua_self_deploy",
              {{"profile", "b"}, {"dry_run", true}, {"version", "2.0.0"}, {"message", "hi"}}),
      "claude");
  REQUIRE(given.ok());
  CHECK(given->profile.name == "b");
  CHECK(given->dry_run);
  CHECK(given->version == std::optional<std::string>("2.0.0"));
  CHECK(given->message == "hi");

  auto unknown = DeployRequestFrom(f.session, Checked("ua_self_deploy", {{"profile", "c"}}), "x");
  CHECK_FALSE(unknown.ok());
}

TEST_CASE("RollbackRequestFrom maps each argument onto the engine request", "[tools][arguments]") {
  ConfigFixture f;
  auto plain =
      RollbackRequestFrom(f.session, Checked("ua_self_rollback", json::object()), "cli:me");
  REQUIRE(plain.ok());
  CHECK(plain->profile.name == "a");
  CHECK(plain->deployed_by == "cli:me");
  CHECK_FALSE(plain->backup_id.has_value());
  CHECK_FALSE(plain->version.has_value());
  CHECK_FALSE(plain->list);
  CHECK_FALSE(plain->dry_run);

  const std::string id = "20250120T103000.123Z-v0.1.0";
  auto given = RollbackRequestFrom(
      f.session,
      Checked("ua_self_rollback",
              {{"profile", "b"}, {"backup_id", id}, {"list", true}, {"dry_run", true}}),
      "claude");
  REQUIRE(given.ok());
  CHECK(given->profile.name == "b");
  CHECK(given->backup_id == std::optional<std::string>(id));
  CHECK(given->list);
  CHECK(given->dry_run);
  auto by_version =
      RollbackRequestFrom(f.session, Checked("ua_self_rollback", {{"version", "0.1.0"}}), "x");
  REQUIRE(by_version.ok());
  CHECK(by_version->version == std::optional<std::string>("0.1.0"));
}

TEST_CASE("StatusRequestFrom maps each argument onto the status request", "[tools][arguments]") {
  const StatusRequest plain = StatusRequestFrom(Checked("ua_self_status", json::object()));
  CHECK_FALSE(plain.profile.has_value());
  CHECK_FALSE(plain.check_health);
  const StatusRequest given =
      StatusRequestFrom(Checked("ua_self_status", {{"profile", "b"}, {"check_health", true}}));
  CHECK(given.profile == std::optional<std::string>("b"));
  CHECK(given.check_health);
}

}  // namespace
}  // namespace ua::tools
