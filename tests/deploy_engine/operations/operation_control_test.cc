#include "deploy_engine/operations/operation_control.h"

#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <thread>

#include "platform/detached_process.h"
#include "tests/support/temp_dir.h"

namespace ua::engine {
namespace {

using ua::testing::TempDir;

constexpr char kId[] = "d20261130T100000.000Z-1a2b";

OperationRecord Running(int pid) {
  OperationRecord r;
  r.deployment_id = kId;
  r.operation = "deploy";
  r.profile = "p";
  r.phase = OperationPhase::kRunning;
  r.state = "TESTING";
  r.percent = 85;
  r.pid = pid;
  return r;
}

// A pid that no process has: a child that exited and was reaped.
int DeadPid() {
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) ::_exit(0);
  REQUIRE(::waitpid(child, nullptr, 0) == child);
  return child;
}

TEST_CASE("A running record of a live process is running", "[operation_control]") {
  TempDir dir;
  REQUIRE(WriteOperationRecord(dir.path(), Running(::getpid())).ok());
  auto view = LookUpOperation(dir.path(), kId);
  REQUIRE(view.ok());
  CHECK_FALSE(view->interrupted);
  auto running = RunningOperations(dir.path());
  REQUIRE(running.size() == 1);
  CHECK(running[0].deployment_id == kId);
}

TEST_CASE("A record whose process is gone is interrupted", "[operation_control]") {
  TempDir dir;
  REQUIRE(WriteOperationRecord(dir.path(), Running(DeadPid())).ok());
  auto view = LookUpOperation(dir.path(), kId);
  REQUIRE(view.ok());
  CHECK(view->interrupted);
  CHECK(RunningOperations(dir.path()).empty());
  auto waited = WaitForOperation(dir.path(), kId, std::chrono::seconds(30), {}, {});
  REQUIRE(waited.ok());
  CHECK(waited->interrupted);
}

TEST_CASE("Waiting sees progress and returns the finished record", "[operation_control]") {
  TempDir dir;
  OperationRecord r = Running(::getpid());
  REQUIRE(WriteOperationRecord(dir.path(), r).ok());
  std::vector<std::string> seen;
  // The observer itself moves the operation on, as the operation's process would.
  auto view = WaitForOperation(dir.path(), kId, std::chrono::seconds(30), {},
                               [&](const OperationRecord& now) {
                                 seen.push_back(now.state);
                                 if (now.state == "TESTING") {
                                   r.state = "FINALIZING";
                                   r.percent = 95;
                                   REQUIRE(WriteOperationRecord(dir.path(), r).ok());
                                 } else if (now.state == "FINALIZING") {
                                   r.phase = OperationPhase::kFinished;
                                   r.state = "COMPLETE";
                                   r.result = nlohmann::json{{"outcome", "complete"}};
                                   REQUIRE(WriteOperationRecord(dir.path(), r).ok());
                                 }
                               });
  REQUIRE(view.ok());
  CHECK(view->record.phase == OperationPhase::kFinished);
  CHECK(seen == std::vector<std::string>{"TESTING", "FINALIZING", "COMPLETE"});
}

TEST_CASE("Waiting ends with its window or its stop request", "[operation_control]") {
  TempDir dir;
  REQUIRE(WriteOperationRecord(dir.path(), Running(::getpid())).ok());
  auto zero = WaitForOperation(dir.path(), kId, std::chrono::milliseconds(0), {}, {});
  REQUIRE(zero.ok());
  CHECK(zero->record.phase == OperationPhase::kRunning);
  std::stop_source stop;
  stop.request_stop();
  auto stopped = WaitForOperation(dir.path(), kId, std::chrono::hours(1), stop.get_token(), {});
  REQUIRE(stopped.ok());
  CHECK(stopped->record.phase == OperationPhase::kRunning);
  auto unknown =
      WaitForOperation(dir.path(), "d20261130T100000.000Z-ffff", std::chrono::seconds(1), {}, {});
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.status().code() == StatusCode::kNotFound);
}

TEST_CASE("Cancel stops a running operation and only that", "[operation_control]") {
  TempDir dir;
  // A live process standing in for the operation: SIGTERM ends it.
  auto pid = SpawnDetached({"/bin/sleep", "60"}, {});
  REQUIRE(pid.ok());
  REQUIRE(WriteOperationRecord(dir.path(), Running(pid->pid)).ok());
  auto cancel = CancelOperation(dir.path(), kId);
  REQUIRE(cancel.ok());
  CHECK(cancel->signalled);
  CHECK(cancel->message.find("to stop at its next safe point") != std::string::npos);
  // The signal ends the process; bounded wait for the kernel to deliver it.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (ProcessExists(pid->pid) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::yield();
  }
  CHECK_FALSE(ProcessExists(pid->pid));

  OperationRecord done = Running(pid->pid);
  done.phase = OperationPhase::kFinished;
  done.result = nlohmann::json{{"outcome", "rolled_back"}};
  REQUIRE(WriteOperationRecord(dir.path(), done).ok());
  auto again = CancelOperation(dir.path(), kId);
  REQUIRE(again.ok());
  CHECK_FALSE(again->signalled);
  CHECK(again->message.find("had already finished (rolled_back)") != std::string::npos);

  auto unknown = CancelOperation(dir.path(), "d20261130T100000.000Z-ffff");
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.status().code() == StatusCode::kNotFound);
}

}  // namespace
}  // namespace ua::engine
