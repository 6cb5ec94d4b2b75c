// Two deployments of one profile from two processes: exactly one proceeds; the other gets the
// lock message (exit 3) or, with lock_timeout_s, waits for the lock and then completes.
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>

#include "deploy_engine/state/deploy_lock.h"
#include "deploy_engine/state/layout.h"
#include "platform/subprocess.h"
#include "tests/support/example_sandbox.h"

namespace ua {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::ExampleSandbox;
using testing::Tree;

using testing::ManagedPart;

engine::DeployLock HoldLock(const ExampleSandbox& box) {
  engine::LockHolder holder;
  holder.pid = getpid();
  holder.started = "2026-01-01T00:00:00.000Z";
  holder.deployment_id = "d-test-holder";
  holder.operation = "deploy";
  auto lock = engine::DeployLock::Acquire(engine::LockPath(box.backup_dir()), holder, 0);
  REQUIRE(lock.ok());
  return std::move(lock).value();
}

// Every line the child writes to stdout until it closes it, each ending in "\n".
std::string ReadStdoutToEnd(Subprocess& child, std::chrono::steady_clock::time_point deadline) {
  std::string out;
  while (true) {
    auto line = child.ReadLine(deadline);
    REQUIRE(line.ok());
    if (!*line) break;
    out += **line + "\n";
  }
  return out;
}

SubprocessOptions DeployOptions(const ExampleSandbox& box, const fs::path& config) {
  return box.UaDeployOptions({"deploy", "--config", config.string(), "--json"});
}

TEST_CASE("A deploy while another holds the lock exits 3 with the holder",
          "[integration][concurrency]") {
  ExampleSandbox box;
  const fs::path config = box.WritePlainConfig();
  const Tree before = testing::SnapshotTree(box.prod());
  engine::DeployLock lock = HoldLock(box);
  auto result = Subprocess::Run(DeployOptions(box, config));
  REQUIRE(result.ok());
  INFO(result->stdout_text << result->stderr_text);
  CHECK(result->exit.exit_code == 3);
  CHECK((result->stdout_text + result->stderr_text).find("deployment d-test-holder by pid") !=
        std::string::npos);
  CHECK(testing::SnapshotTree(box.prod()) == before);
}

TEST_CASE("With lock_timeout_s a deploy waits for the lock and then completes",
          "[integration][concurrency]") {
  ExampleSandbox box;
  const fs::path config = box.WritePlainConfig({{"lock_timeout_s", 60}});
  std::optional<engine::DeployLock> lock = HoldLock(box);
  auto child = Subprocess::Start(DeployOptions(box, config));
  REQUIRE(child.ok());
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  // The child logs "waiting for lock" to stderr before it blocks; stdout stays silent until
  // the deployment ends, so each ReadLine times out while draining stderr.
  while (child->stderr_tail().find("waiting for lock") == std::string::npos) {
    REQUIRE(std::chrono::steady_clock::now() < give_up);
    auto line = child->ReadLine(std::chrono::steady_clock::now() + std::chrono::milliseconds(50));
    if (line.ok()) FAIL("deploy answered before waiting for the lock: " << line->value_or(""));
    REQUIRE(line.status().code() == StatusCode::kTimeout);
  }
  lock.reset();
  const std::string out = ReadStdoutToEnd(*child, give_up);
  auto exit = child->Wait(give_up);
  REQUIRE(exit.ok());
  INFO(out << child->stderr_tail());
  CHECK(exit->exit_code == 0);
  json result = json::parse(out, nullptr, false);
  REQUIRE(result.is_object());
  CHECK(result["outcome"] == "complete");
  CHECK(ManagedPart(testing::SnapshotTree(box.prod())) ==
        ManagedPart(testing::SnapshotTree(box.dev())));
}

TEST_CASE("Two deploys started at once let one proceed and keep production consistent",
          "[integration][concurrency]") {
  ExampleSandbox box;
  const fs::path config = box.WritePlainConfig();
  auto a = Subprocess::Start(DeployOptions(box, config));
  auto b = Subprocess::Start(DeployOptions(box, config));
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  std::vector<std::string> outputs;
  std::vector<int> codes;
  for (auto* child : {&*a, &*b}) {
    const std::string out = ReadStdoutToEnd(*child, deadline);
    auto exit = child->Wait(deadline);
    REQUIRE(exit.ok());
    REQUIRE(exit->exit_code);
    codes.push_back(*exit->exit_code);
    outputs.push_back(out + child->stderr_tail());
  }
  INFO(outputs[0] << "\n---\n" << outputs[1]);
  std::sort(codes.begin(), codes.end());
  if (codes == std::vector<int>{0, 3}) {
    CHECK(((outputs[0] + outputs[1]).find("has held the lock since") != std::string::npos));
  } else {
    // The first finished before the second looked at the lock: the second saw no changes.
    REQUIRE(codes == std::vector<int>{0, 0});
    const std::string both = outputs[0] + outputs[1];
    CHECK(both.find("\"complete\"") != std::string::npos);
    CHECK(both.find("\"no_changes\"") != std::string::npos);
  }
  CHECK(ManagedPart(testing::SnapshotTree(box.prod())) ==
        ManagedPart(testing::SnapshotTree(box.dev())));
}

}  // namespace
}  // namespace ua
