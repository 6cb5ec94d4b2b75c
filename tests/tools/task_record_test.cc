#include "tools/task_record.h"

#include <catch2/catch.hpp>
#include <set>

#include "deploy_engine/state/layout.h"
#include "tests/support/temp_dir.h"

namespace ua::tools {
namespace {

TEST_CASE("Task ids are unguessable and name their profile", "[tools][tasks]") {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    auto id = NewTaskId("unified-agents");
    REQUIRE(id.ok());
    CHECK(TaskProfile(*id) == "unified-agents");
    seen.insert(*id);
  }
  CHECK(seen.size() == 100);
  CHECK_FALSE(TaskProfile("unified-agents:123"));
  CHECK_FALSE(TaskProfile("../x:" + std::string(32, 'a')));
  CHECK_FALSE(TaskProfile(std::string(32, 'a')));
}

TEST_CASE("A task record round-trips, and another id never finds it", "[tools][tasks]") {
  testing::TempDir tmp;
  TaskRecord r;
  r.task_id = *NewTaskId("p");
  r.tool = "ua_self_deploy";
  r.operation = "deploy";
  r.profile = "p";
  r.caller = "test";
  r.args = {{"dry_run", false}};
  r.created = r.updated = "2026-11-30T12:00:00.000Z";
  r.ttl_ms = 1000;
  r.stage = TaskStage::kStarted;
  r.deployment_id = "d20261130T120000.000Z-abcd";
  REQUIRE(WriteTaskRecord(tmp.path(), r).ok());
  // The file name does not give the id away.
  CHECK(engine::TaskRecordPath(tmp.path(), r.task_id).string().find(r.task_id) ==
        std::string::npos);
  auto read = ReadTaskRecord(tmp.path(), r.task_id);
  REQUIRE(read.ok());
  CHECK(read->deployment_id == r.deployment_id);
  CHECK(read->stage == TaskStage::kStarted);
  CHECK(read->args == r.args);
  CHECK(ReadTaskRecord(tmp.path(), *NewTaskId("p")).status().code() == StatusCode::kNotFound);

  CHECK_FALSE(TaskExpired(r, 1796040000000));  // 2026-11-30T12:00:00Z
  CHECK(TaskExpired(r, 1796040000000 + 1001));
  PruneTaskRecords(tmp.path(), 1796040000000 + 1001);
  CHECK(ReadTaskRecord(tmp.path(), r.task_id).status().code() == StatusCode::kNotFound);
}

}  // namespace
}  // namespace ua::tools
