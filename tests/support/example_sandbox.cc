#include "tests/support/example_sandbox.h"

#include <sys/stat.h>

#include <catch2/catch.hpp>

namespace ua::testing {

namespace fs = std::filesystem;

ExampleSandbox::ExampleSandbox() {
  fs::copy(fs::path(UA_SOURCE_DIR) / "examples", root(),
           fs::copy_options::recursive | fs::copy_options::copy_symlinks);
  fs::create_directories(root() / "home" / ".cache");
}

std::map<std::string, std::string> ExampleSandbox::env() const {
  return {{"HOME", (root() / "home").string()},
          {"XDG_CACHE_HOME", (root() / "home" / ".cache").string()},
          {"UA_DEPLOY_CONFIG", ""}};
}

engine::SubprocessResult ExampleSandbox::RunUaDeploy(const std::vector<std::string>& args) const {
  engine::SubprocessOptions options;
  options.argv.push_back(UA_DEPLOY_BINARY);
  options.argv.insert(options.argv.end(), args.begin(), args.end());
  options.env = env();
  options.timeout = std::chrono::seconds(60);
  options.output_cap = 4 * 1024 * 1024;
  auto result = engine::Subprocess::Run(options);
  REQUIRE(result.ok());
  REQUIRE_FALSE(result->timed_out);
  return std::move(result).value();
}

std::map<std::string, std::string> SnapshotTree(const fs::path& root) {
  std::map<std::string, std::string> snapshot;
  if (!fs::exists(root)) return snapshot;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file(/*no follow*/) || entry.is_symlink()) continue;
    struct stat st {};
    REQUIRE(lstat(entry.path().c_str(), &st) == 0);
    snapshot[fs::relative(entry.path(), root).generic_string()] =
        std::to_string(st.st_mode & 07777) + ":" + ReadFileOrDie(entry.path());
  }
  return snapshot;
}

}  // namespace ua::testing
