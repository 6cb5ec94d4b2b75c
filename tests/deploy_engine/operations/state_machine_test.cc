#include "deploy_engine/operations/state_machine.h"

#include <catch2/catch.hpp>
#include <set>
#include <utility>

namespace ua::engine {
namespace {

using S = DeployState;
constexpr S kAll[] = {S::kIdle,    S::kChecking,   S::kBackingUp, S::kDeploying,
                      S::kTesting, S::kFinalizing, S::kComplete,  S::kRollback};

TEST_CASE("The transition table allows exactly the designed transitions", "[engine][state]") {
  const std::set<std::pair<S, S>> allowed = {
      {S::kIdle, S::kChecking},     {S::kChecking, S::kBackingUp},  {S::kChecking, S::kComplete},
      {S::kChecking, S::kRollback}, {S::kBackingUp, S::kDeploying}, {S::kBackingUp, S::kRollback},
      {S::kDeploying, S::kTesting}, {S::kDeploying, S::kRollback},  {S::kTesting, S::kFinalizing},
      {S::kTesting, S::kRollback},  {S::kFinalizing, S::kComplete}, {S::kFinalizing, S::kRollback},
      {S::kRollback, S::kComplete}};
  for (S from : kAll) {
    for (S to : kAll) {
      INFO(DeployStateName(from) << " -> " << DeployStateName(to));
      CHECK(IsAllowedTransition(from, to) == (allowed.count({from, to}) == 1));
    }
  }
}

TEST_CASE("Refused transitions leave the state unchanged", "[engine][state]") {
  FakeClock clock(TimePoint{});
  StateMachine sm(clock, {});
  Status s = sm.Transition(S::kDeploying);
  CHECK(s.code() == StatusCode::kInternal);
  CHECK(s.message().find("IDLE -> DEPLOYING") != std::string::npos);
  CHECK(sm.state() == S::kIdle);
  REQUIRE(sm.Transition(S::kChecking).ok());
  CHECK_FALSE(sm.Transition(S::kTesting).ok());
  CHECK_FALSE(sm.Transition(S::kIdle).ok());
  CHECK_FALSE(sm.Transition(S::kChecking).ok());
  REQUIRE(sm.Transition(S::kComplete).ok());
  CHECK_FALSE(sm.Transition(S::kRollback).ok());
  CHECK(sm.state() == S::kComplete);
  CHECK(sm.records().size() == 2);
}

TEST_CASE("Transitions are recorded and report increasing progress", "[engine][state]") {
  FakeClock clock(TimePoint{} + std::chrono::hours(24 * 365 * 50));
  std::vector<std::pair<double, std::string>> seen;
  StateMachine sm(clock, [&](const ProgressUpdate& u) { seen.emplace_back(u.percent, u.message); });
  REQUIRE(sm.Transition(S::kChecking).ok());
  REQUIRE(sm.Transition(S::kBackingUp).ok());
  sm.Step(1, 2, "a.py");
  sm.Step(2, 2, "b.py");
  REQUIRE(sm.Transition(S::kDeploying).ok());
  REQUIRE(sm.Transition(S::kRollback).ok());
  REQUIRE(sm.Transition(S::kComplete).ok());
  sm.Finish();
  REQUIRE(sm.records().size() == 5);
  CHECK(sm.records()[0].state == S::kChecking);
  CHECK(sm.records()[3].state == S::kRollback);
  CHECK(sm.records()[0].entered_at == FormatIsoUtc(clock.Now()));
  REQUIRE(seen.size() == 7);
  CHECK(seen[0].first == 10);
  CHECK(seen[1].first == 30);
  CHECK(seen[2].first > 30);
  CHECK(seen[3].first < 60);
  CHECK(seen[3].second.find("b.py") != std::string::npos);
  CHECK(seen[4].first == 60);
  CHECK(seen[5].first == 61);
  CHECK(seen[5].second == "ROLLBACK");
  CHECK(seen[6].first == 100);
  for (size_t i = 1; i < seen.size(); ++i) CHECK(seen[i].first > seen[i - 1].first);
}

TEST_CASE("State and outcome names follow the design", "[engine][state]") {
  CHECK(std::string(DeployStateName(S::kBackingUp)) == "BACKING_UP");
  CHECK(std::string(DeployStateName(S::kRollback)) == "ROLLBACK");
  CHECK(std::string(DeployOutcomeName(DeployOutcome::kNoChanges)) == "no_changes");
  CHECK(std::string(DeployOutcomeName(DeployOutcome::kRolledBack)) == "rolled_back");
  CHECK(StatePercent(S::kTesting) == 85);
  CHECK(StatePercent(S::kFinalizing) == 95);
}

TEST_CASE("Progress names the state and counts the files inside it", "[engine][state]") {
  FakeClock clock(TimePoint{} + std::chrono::hours(24 * 365 * 50));
  std::vector<ProgressUpdate> seen;
  StateMachine sm(clock, [&](const ProgressUpdate& u) { seen.push_back(u); });
  REQUIRE(sm.Transition(S::kChecking).ok());
  REQUIRE(sm.Transition(S::kBackingUp).ok());
  sm.Step(2, 5, "b.py");
  REQUIRE(seen.size() == 3);
  CHECK(seen[0].state == S::kChecking);
  CHECK(seen[0].total == 0);
  CHECK(seen[2].state == S::kBackingUp);
  CHECK(seen[2].done == 2);
  CHECK(seen[2].total == 5);
  CHECK(seen[2].message == "BACKING_UP: b.py (2/5)");
}

}  // namespace
}  // namespace ua::engine
