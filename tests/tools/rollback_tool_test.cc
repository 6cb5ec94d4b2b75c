#include "tools/rollback_tool.h"

#include <catch2/catch.hpp>

#include "base/json_schema.h"

namespace ua::tools {
namespace {

using engine::RollbackOutcome;
using engine::RollbackResult;

RollbackResult Restored() {
  RollbackResult r;
  r.deployment_id = "r20250121T080000.000Z-1a2b";
  r.outcome = RollbackOutcome::kComplete;
  r.profile = "unified-agents";
  r.restored_backup_id = "20250120T103000.123Z";
  r.version = "0.1.0";
  r.previous_version = "0.1.1";
  r.added = {"a.py"};
  r.modified = {"server.py", "agents.json"};
  r.restored = true;
  r.verified = true;
  r.safety_backup_id = "20250121T080000.000Z-v0.1.1";
  r.tests = {{"mcp_handshake", true, 120, "ok"}};
  return r;
}

void CheckValid(const RollbackResult& r) {
  auto schema = JsonSchema::FromEmbedded("tools/ua_self_rollback.output");
  REQUIRE(schema.ok());
  for (const auto& v : (*schema)->Validate(RollbackToJson(r))) {
    INFO(v.path << ": " << v.message);
    CHECK(false);
  }
}

TEST_CASE("Rollback human text says what was restored verified and tested", "[tools][rollback]") {
  RollbackResult r = Restored();
  CHECK(RollbackSummary(r) ==
        "Rolled back to v0.1.0 (backup 20250120T103000.123Z). 3 files restored and verified. "
        "Tests passed. Safety backup 20250121T080000.000Z-v0.1.1 undoes it.");
  CheckValid(r);
}

TEST_CASE("Rollback human text is loud about failures", "[tools][rollback]") {
  RollbackResult tests_failed = Restored();
  tests_failed.outcome = RollbackOutcome::kFailed;
  tests_failed.failure_reason = "post-deploy test(s) failed after the rollback: mcp_handshake";
  tests_failed.tests[0].passed = false;
  const std::string text = RollbackSummary(tests_failed);
  CHECK_THAT(text, Catch::StartsWith("Rolled back to v0.1.0"));
  CHECK_THAT(text, Catch::Contains("FAILED: post-deploy"));
  CHECK_THAT(text, !Catch::Contains("Tests passed"));
  CheckValid(tests_failed);

  RollbackResult undone = Restored();
  undone.outcome = RollbackOutcome::kFailed;
  undone.restored = false;
  undone.verified = false;
  undone.tests.clear();
  undone.failure_reason = "the switch did not finish";
  CHECK_THAT(RollbackSummary(undone), Catch::StartsWith("Rollback to v0.1.0"));
  CHECK_THAT(RollbackSummary(undone), Catch::Contains("FAILED: the switch did not finish"));
  CheckValid(undone);
}

TEST_CASE("Rollback dry run and list outputs are schema-valid", "[tools][rollback]") {
  RollbackResult dry = Restored();
  dry.outcome = RollbackOutcome::kDryRun;
  dry.restored = dry.verified = false;
  dry.safety_backup_id.clear();
  dry.tests.clear();
  CHECK_THAT(RollbackSummary(dry), Catch::Contains("nothing was changed"));
  CheckValid(dry);
  CHECK(RollbackToJson(dry)["safety_backup_id"].is_null());

  RollbackResult list;
  list.outcome = RollbackOutcome::kListed;
  list.profile = "p";
  engine::BackupListEntry good;
  good.backup_id = "20250120T103000.123Z-v0.1.0";
  good.version = "0.1.0";
  good.files = 3;
  good.current = true;
  engine::BackupListEntry bad;
  bad.backup_id = "20250119T103000.123Z";
  bad.damaged = true;
  bad.damage_reason = "files differ from the manifest";
  bad.first_mismatches = {"files/server.py: sha256 differs from the manifest"};
  list.backups = {good, bad};
  const std::string text = RollbackSummary(list);
  CHECK_THAT(text, Catch::Contains("<- production"));
  CHECK_THAT(text, Catch::Contains("DAMAGED: files differ"));
  CheckValid(list);
  CHECK(RollbackToJson(list)["backups"][1]["version"].is_null());
}

}  // namespace
}  // namespace ua::tools
