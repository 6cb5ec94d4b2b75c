#include "deploy_engine/state/operation_record.h"

#include <catch2/catch.hpp>

#include "deploy_engine/state/layout.h"
#include "tests/support/temp_dir.h"

namespace ua::engine {
namespace {

using ua::testing::TempDir;
using ua::testing::WriteFile;

OperationRecord Record(std::string id, OperationPhase phase) {
  OperationRecord r;
  r.deployment_id = std::move(id);
  r.operation = "deploy";
  r.profile = "p";
  r.phase = phase;
  r.state = "DEPLOYING";
  r.percent = 61.5;
  r.files_done = 3;
  r.files_total = 7;
  r.message = "DEPLOYING: installed a.py (3/7)";
  r.started = "2026-11-30T10:00:00.000Z";
  r.pid = 4242;
  return r;
}

TEST_CASE("An operation record survives a write and a read", "[operation_record]") {
  TempDir dir;
  OperationRecord r = Record("d20261130T100000.000Z-1a2b", OperationPhase::kFinished);
  r.result = nlohmann::json{{"outcome", "complete"}};
  r.text = "Deployed v0.1.1.";
  REQUIRE(WriteOperationRecord(dir.path(), r).ok());
  auto back = ReadOperationRecord(dir.path(), r.deployment_id);
  REQUIRE(back.ok());
  CHECK(back->phase == OperationPhase::kFinished);
  CHECK(back->state == "DEPLOYING");
  CHECK(back->percent == 61.5);
  CHECK(back->files_done == 3);
  CHECK(back->files_total == 7);
  CHECK(back->pid == 4242);
  CHECK((*back->result)["outcome"] == "complete");
  CHECK(back->text == "Deployed v0.1.1.");
  CHECK(std::filesystem::exists(OperationRecordPath(dir.path(), r.deployment_id)));
}

TEST_CASE("Only deployment ids name records", "[operation_record]") {
  CHECK(IsDeploymentId("d20261130T100000.000Z-1a2b"));
  CHECK(IsDeploymentId("r20261130T100000.000Z-ffff"));
  CHECK_FALSE(IsDeploymentId("x20261130T100000.000Z-1a2b"));
  CHECK_FALSE(IsDeploymentId("d20261130T100000.000Z-1A2B"));
  CHECK_FALSE(IsDeploymentId("../../etc/passwd"));
  CHECK_FALSE(IsDeploymentId("d20261130T100000.000Z-1a2b/.."));
  CHECK_FALSE(IsDeploymentId(""));
  TempDir dir;
  auto bad = ReadOperationRecord(dir.path(), "../history");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().code() == StatusCode::kInvalidArgument);
  CHECK(bad.status().message().find("is not a deployment id") != std::string::npos);
  CHECK_FALSE(WriteOperationRecord(dir.path(), Record("nope", OperationPhase::kRunning)).ok());
}

TEST_CASE("An unknown id is not found and a damaged record is corrupt", "[operation_record]") {
  TempDir dir;
  auto missing = ReadOperationRecord(dir.path(), "d20261130T100000.000Z-1a2b");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.status().code() == StatusCode::kNotFound);
  WriteFile(OperationRecordPath(dir.path(), "d20261130T100000.000Z-1a2b"), "{\"deployment_");
  auto torn = ReadOperationRecord(dir.path(), "d20261130T100000.000Z-1a2b");
  REQUIRE_FALSE(torn.ok());
  CHECK(torn.status().code() == StatusCode::kCorrupt);
  WriteFile(OperationRecordPath(dir.path(), "d20261130T100000.000Z-1a2c"),
            R"({"deployment_id":"d20261130T100000.000Z-1a2c","phase":"dancing"})");
  auto odd = ReadOperationRecord(dir.path(), "d20261130T100000.000Z-1a2c");
  REQUIRE_FALSE(odd.ok());
  CHECK(odd.status().code() == StatusCode::kCorrupt);
}

TEST_CASE("Records list newest first and pruning keeps unfinished ones", "[operation_record]") {
  TempDir dir;
  REQUIRE(WriteOperationRecord(dir.path(),
                               Record("d20261130T100000.000Z-0001", OperationPhase::kFinished))
              .ok());
  REQUIRE(WriteOperationRecord(dir.path(),
                               Record("r20261130T100001.000Z-0002", OperationPhase::kRunning))
              .ok());
  REQUIRE(WriteOperationRecord(dir.path(),
                               Record("d20261130T100002.000Z-0003", OperationPhase::kFinished))
              .ok());
  REQUIRE(WriteOperationRecord(dir.path(),
                               Record("d20261130T100003.000Z-0004", OperationPhase::kFinished))
              .ok());
  WriteFile(OperationsDir(dir.path()) / "notes.txt", "not a record");
  auto all = ListOperationRecords(dir.path());
  REQUIRE(all.size() == 4);
  CHECK(all[0].deployment_id == "d20261130T100003.000Z-0004");
  CHECK(all[1].deployment_id == "d20261130T100002.000Z-0003");
  CHECK(all[2].deployment_id == "r20261130T100001.000Z-0002");
  CHECK(all[3].deployment_id == "d20261130T100000.000Z-0001");

  REQUIRE(PruneOperationRecords(dir.path(), 1).ok());
  auto kept = ListOperationRecords(dir.path());
  REQUIRE(kept.size() == 2);
  CHECK(kept[0].deployment_id == "d20261130T100003.000Z-0004");
  CHECK(kept[1].deployment_id == "r20261130T100001.000Z-0002");
}

}  // namespace
}  // namespace ua::engine
