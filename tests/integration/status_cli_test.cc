// Drives the real `ua-deploy status` on a private copy of the bundled example.
#include <algorithm>
#include <set>
#include <sstream>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "deploy_engine/files/file_selector.h"
#include "platform/subprocess.h"
#include "tests/support/example_sandbox.h"

namespace ua {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::ExampleSandbox;

std::set<std::string> AsSet(const json& array) { return {array.begin(), array.end()}; }

// Expands one side of `diff -rq`'s "Only in DIR: NAME" (NAME may be a directory).
void AddOnlyIn(const fs::path& side_root, const std::string& line, std::set<std::string>& out) {
  const std::string prefix = "Only in ";
  auto colon = line.find(": ", prefix.size());
  fs::path dir = line.substr(prefix.size(), colon - prefix.size());
  fs::path entry = dir / line.substr(colon + 2);
  if (fs::is_directory(entry)) {
    for (const auto& f : fs::recursive_directory_iterator(entry)) {
      if (f.is_regular_file()) out.insert(fs::relative(f.path(), side_root).generic_string());
    }
  } else {
    out.insert(fs::relative(entry, side_root).generic_string());
  }
}

TEST_CASE("status --json pending equals what diff -rq shows for the managed files",
          "[integration][status]") {
  ExampleSandbox box;
  auto status = box.RunUaDeploy({"status", "--config", box.config().string(), "--json"});
  REQUIRE(status.exit.success());
  json out = json::parse(status.stdout_text);

  SubprocessOptions diff;
  diff.argv = {"diff", "-rq", box.prod().string(), box.dev().string()};
  auto diff_result = Subprocess::Run(diff);
  REQUIRE(diff_result.ok());
  std::set<std::string> added, modified, removed;
  std::istringstream lines(diff_result->stdout_text);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("Files ", 0) == 0) {
      auto a = line.substr(6, line.find(" and ") - 6);
      modified.insert(fs::relative(a, box.prod()).generic_string());
    } else if (line.rfind("Only in " + box.dev().string(), 0) == 0) {
      AddOnlyIn(box.dev(), line, added);
    } else if (line.rfind("Only in " + box.prod().string(), 0) == 0) {
      AddOnlyIn(box.prod(), line, removed);
    }
  }
  const json config = json::parse(testing::ReadFileOrDie(box.config()));
  const json& profile = config["profiles"]["unified-agents"];
  engine::FileSelector selector(profile["include"], profile["exclude"]);
  auto managed_only = [&](std::set<std::string> s) {
    std::erase_if(s, [&](const std::string& p) { return !selector.IsManaged(p); });
    return s;
  };
  REQUIRE_FALSE(managed_only(added).empty());
  REQUIRE_FALSE(managed_only(modified).empty());
  REQUIRE_FALSE(managed_only(removed).empty());
  CHECK(AsSet(out["pending"]["added"]) == managed_only(added));
  CHECK(AsSet(out["pending"]["modified"]) == managed_only(modified));
  CHECK(AsSet(out["pending"]["removed"]) == managed_only(removed));
  CHECK(out["version_file"] == "ok");
  CHECK(out["production"]["version"] == "0.1.0");
  CHECK(out["lock"]["held"] == false);
  CHECK(out["interrupted"] == false);
}

TEST_CASE("status changes nothing in production, managed or not", "[integration][status]") {
  ExampleSandbox box;
  auto before = testing::SnapshotTree(box.prod());
  auto status = box.RunUaDeploy({"status", "--config", box.config().string()});
  REQUIRE(status.exit.success());
  CHECK(status.stdout_text.find("Production v0.1.0") != std::string::npos);
  CHECK(status.stdout_text.find("pending") != std::string::npos);
  CHECK(testing::SnapshotTree(box.prod()) == before);
}

TEST_CASE("status reports a corrupt VERSION and still answers", "[integration][status]") {
  ExampleSandbox box;
  testing::WriteFile(box.prod() / "VERSION", "{ not json");
  auto status = box.RunUaDeploy({"status", "--config", box.config().string(), "--json"});
  REQUIRE(status.exit.success());
  json out = json::parse(status.stdout_text);
  CHECK(out["version_file"] == "corrupt");
  CHECK(out["production"].is_null());
  CHECK_FALSE(out["version_file_problem"].get<std::string>().empty());
}

TEST_CASE("status with a missing source says so and exits 2", "[integration][status]") {
  ExampleSandbox box;
  fs::remove_all(box.dev());
  auto status = box.RunUaDeploy({"status", "--config", box.config().string()});
  CHECK(status.exit.exit_code == 2);
  CHECK(status.stderr_text.find(box.dev().string()) != std::string::npos);
  CHECK(status.stdout_text.empty());
}

TEST_CASE("a broken config names the offending key and exits 2", "[integration][status]") {
  ExampleSandbox box;
  json config = json::parse(testing::ReadFileOrDie(box.config()));
  config["profiles"]["unified-agents"]["keep_backups"] = "ten";
  testing::WriteFile(box.config(), config.dump());
  auto before = testing::SnapshotTree(box.prod());
  auto status = box.RunUaDeploy({"status", "--config", box.config().string()});
  CHECK(status.exit.exit_code == 2);
  CHECK(status.stderr_text.find("/profiles/unified-agents/keep_backups") != std::string::npos);
  CHECK(testing::SnapshotTree(box.prod()) == before);
}

TEST_CASE("an unknown profile lists the known ones", "[integration][status]") {
  ExampleSandbox box;
  auto status = box.RunUaDeploy({"status", "--config", box.config().string(), "--profile", "nope"});
  CHECK(status.exit.exit_code == 2);
  CHECK(status.stderr_text.find("unified-agents") != std::string::npos);
}

}  // namespace
}  // namespace ua

namespace ua {
namespace {

TEST_CASE("status shows a damaged backup with the reason", "[integration][status]") {
  testing::ExampleSandbox box;
  auto deploy = box.RunUaDeploy({"deploy", "--config", box.config().string()});
  REQUIRE(deploy.exit.success());
  size_t removed = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(box.root() / "backups" / "unified-agents")) {
    if (entry.is_directory()) removed += std::filesystem::remove(entry.path() / "manifest.json");
  }
  REQUIRE(removed == 1);
  auto status = box.RunUaDeploy({"status", "--config", box.config().string(), "--json"});
  REQUIRE(status.exit.success());
  const nlohmann::json out = nlohmann::json::parse(status.stdout_text);
  REQUIRE(out["backups"].size() == 1);
  CHECK(out["backups"][0]["damaged"] == true);
  CHECK(out["backups"][0]["damage_reason"].get<std::string>().find("manifest") !=
        std::string::npos);
}

TEST_CASE("status --check-health exits 0 when healthy and 1 when production is broken",
          "[integration][status][health]") {
  testing::ExampleSandbox box;
  auto healthy = box.RunUaDeploy({"status", "--config", box.config().string(), "--check-health"});
  INFO(healthy.stdout_text << healthy.stderr_text);
  CHECK(healthy.exit.success());
  CHECK(healthy.stdout_text.find("Health: healthy") != std::string::npos);

  testing::WriteFile(box.prod() / "server.py", "def main(:\n    pass\n");
  auto broken = box.RunUaDeploy({"status", "--config", box.config().string(), "--check-health"});
  INFO(broken.stdout_text << broken.stderr_text);
  CHECK(broken.exit.exit_code == 1);
  CHECK(broken.stdout_text.find("Health: UNHEALTHY") != std::string::npos);

  auto plain = box.RunUaDeploy({"status", "--config", box.config().string()});
  CHECK(plain.exit.success());
  CHECK(plain.stdout_text.find("Health") == std::string::npos);
}

}  // namespace
}  // namespace ua
