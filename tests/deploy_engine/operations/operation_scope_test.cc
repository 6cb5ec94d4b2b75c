#include "deploy_engine/operations/operation_scope.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <vector>

#include "deploy_engine/state/history.h"
#include "deploy_engine/state/journal.h"
#include "deploy_engine/state/layout.h"
#include "tests/support/test_profile.h"

namespace ua::engine {
namespace {

using nlohmann::json;

std::vector<json> EventLines(const std::filesystem::path& file) {
  std::vector<json> out;
  std::ifstream in(file);
  for (std::string line; std::getline(in, line);) out.push_back(json::parse(line));
  return out;
}

struct Fixture : ua::testing::TestProfile {
  FakeClock clock{TimePoint{} + std::chrono::hours(24 * 365 * 56)};
  Environment env = Environment::Fixed({});
  DeployContext context;

  Fixture() {
    context.env = &env;
    context.clock = &clock;
  }
};

TEST_CASE("A writing operation is locked, journaled and recorded under its own id",
          "[engine][operation_scope]") {
  Fixture f;
  OperationScope op(OperationKind::kRollback, f.profile, f.context, f.log_file, true);
  CHECK(op.id().rfind('r', 0) == 0);
  CHECK(std::string(op.operation()) == "rollback");

  REQUIRE(op.AcquireLock().ok());
  CHECK(op.locked());
  auto probe = ProbeLock(LockPath(f.profile.backup_dir));
  REQUIRE(probe.ok());
  CHECK(probe->held);
  REQUIRE(probe->holder);
  CHECK((*probe->holder)["deployment_id"] == op.id());
  CHECK((*probe->holder)["operation"] == "rollback");

  REQUIRE(op.StartJournal("b1", {{"a.py"}, {"m.py"}, {"r.py"}}).ok());
  auto journal = ReadJournal(f.profile.backup_dir);
  REQUIRE(journal.ok());
  REQUIRE(journal->has_value());
  const Journal& j = **journal;
  CHECK(j.deployment_id == op.id());
  CHECK(j.operation == "rollback");
  CHECK(j.profile == "t");
  CHECK(j.backup_id == "b1");
  CHECK(j.started == FormatIsoUtc(op.started()));
  CHECK(j.step == JournalStep::kStaged);
  CHECK(j.plan.added == std::vector<std::string>{"a.py"});
  CHECK(j.plan.removed == std::vector<std::string>{"r.py"});
  CHECK(j.target == f.profile.target.string());
  CHECK(j.staging_dir == op.staging_dir().string());

  f.clock.Advance(std::chrono::milliseconds(1500));
  op.Finish(op.HistoryRecord({{"outcome", "complete"}}), OperationScope::JournalAtFinish::kRemove,
            {"complete", "0.1.0", 12, ""}, {{"backup_id", "b1"}});
  CHECK_FALSE(f.JournalExists());
  auto last = LastHistoryRecord(f.profile.backup_dir);
  REQUIRE(last.ok());
  REQUIRE(last->has_value());
  CHECK((**last)["deployment_id"] == op.id());
  CHECK((**last)["profile"] == "t");
  CHECK((**last)["operation"] == "rollback");
  CHECK((**last)["outcome"] == "complete");
  CHECK((**last)["started"] == FormatIsoUtc(op.started()));
  CHECK((**last)["finished"] == FormatIsoUtc(f.clock.Now()));
  const auto events = EventLines(f.log_file);
  REQUIRE(events.size() == 1);
  CHECK(events[0]["event"] == "finished");
  CHECK(events[0]["deployment_id"] == op.id());
  CHECK(events[0]["outcome"] == "complete");
  CHECK(events[0]["version"] == "0.1.0");
  CHECK(events[0]["duration_ms"] == 12);
  CHECK(events[0]["failure_reason"] == "");
  CHECK(events[0]["backup_id"] == "b1");
}

TEST_CASE("A journal kept at Finish stays for recovery", "[engine][operation_scope]") {
  Fixture f;
  OperationScope op(OperationKind::kDeploy, f.profile, f.context, f.log_file, true);
  CHECK(op.id().rfind('d', 0) == 0);
  REQUIRE(op.AcquireLock().ok());
  REQUIRE(op.StartJournal("", {}).ok());
  op.Finish(op.HistoryRecord({{"outcome", "failed"}}), OperationScope::JournalAtFinish::kKeep,
            {"failed", "", 0, "injected"}, {});
  CHECK(f.JournalExists());
  CHECK(op.journal_written());
}

TEST_CASE("An operation never removes a journal it did not write", "[engine][operation_scope]") {
  Fixture f;
  Journal other;
  other.deployment_id = "d-other";
  other.operation = "deploy";
  other.profile = "t";
  other.started = "2026-01-01T00:00:00.000Z";
  other.target = f.profile.target.string();
  std::filesystem::create_directories(f.profile.backup_dir);
  REQUIRE(WriteJournal(f.profile.backup_dir, other).ok());

  OperationScope op(OperationKind::kDeploy, f.profile, f.context, f.log_file, true);
  REQUIRE(op.AcquireLock().ok());
  CHECK(op.RemoveJournal().ok());
  op.DiscardJournal();
  op.AbandonUntouched();
  op.Finish(op.HistoryRecord({}), OperationScope::JournalAtFinish::kRemove, {}, {});
  auto journal = ReadJournal(f.profile.backup_dir);
  REQUIRE(journal.ok());
  REQUIRE(journal->has_value());
  CHECK((**journal).deployment_id == "d-other");
}

TEST_CASE("An operation that does not write leaves no trace", "[engine][operation_scope]") {
  Fixture f;
  {
    OperationScope op(OperationKind::kDeploy, f.profile, f.context, f.log_file, false);
    op.LoadHashCache();
    op.log().Event("state", {{"state", "CHECKING"}});
    op.Finish(op.HistoryRecord({{"outcome", "dry_run"}}), OperationScope::JournalAtFinish::kRemove,
              {"dry_run", "0.1.1", 0, ""}, {});
    CHECK_FALSE(op.locked());
  }
  CHECK_FALSE(std::filesystem::exists(f.profile.backup_dir));
  CHECK_FALSE(std::filesystem::exists(f.log_file));
}

TEST_CASE("Cancellation is the caller's stop request", "[engine][operation_scope]") {
  Fixture f;
  std::stop_source stop;
  f.context.stop = stop.get_token();
  OperationScope op(OperationKind::kDeploy, f.profile, f.context, f.log_file, false);
  CHECK(op.CheckCancelled().ok());
  stop.request_stop();
  CHECK(op.CheckCancelled().code() == StatusCode::kCancelled);
}

}  // namespace
}  // namespace ua::engine
