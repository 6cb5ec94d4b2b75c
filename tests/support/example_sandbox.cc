#include "tests/support/example_sandbox.h"

#include <sys/stat.h>

#include <fstream>

#include <catch2/catch.hpp>

#include "deploy_engine/files/file_selector.h"

namespace ua::testing {

namespace fs = std::filesystem;

namespace {

const std::vector<std::string> kInclude = {"server.py", "agents.json", "workflow/*.py",
                                           "templates/*.json"};
const std::vector<std::string> kExclude = {".env", "*.log", "logs/**", "*.tmp"};

Tree Part(const Tree& tree, bool managed) {
  const engine::FileSelector selector(kInclude, kExclude);
  Tree out;
  for (const auto& [path, content] : tree) {
    if (path != "VERSION" && selector.IsManaged(path) == managed) out[path] = content;
  }
  return out;
}

}  // namespace

Tree ManagedPart(const Tree& tree) { return Part(tree, true); }
Tree UnmanagedPart(const Tree& tree) { return Part(tree, false); }

fs::path ExampleSandbox::WritePlainConfig(const nlohmann::json& profile_overrides) const {
  nlohmann::json profile = {{"source", "unified-agents/dev"},
                            {"target", "unified-agents/prod"},
                            {"backup_dir", "backups/unified-agents"},
                            {"include", kInclude},
                            {"exclude", kExclude}};
  profile.update(profile_overrides);
  const nlohmann::json config = {{"default_profile", "unified-agents"},
                                 {"log_file", "deployments.log"},
                                 {"profiles", {{"unified-agents", profile}}}};
  const fs::path file = root() / "plain-config.json";
  std::ofstream(file) << config.dump(2);
  REQUIRE(fs::exists(file));
  return file;
}

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

SubprocessOptions ExampleSandbox::UaDeployOptions(const std::vector<std::string>& args) const {
  SubprocessOptions options;
  options.argv.push_back(UA_DEPLOY_BINARY);
  options.argv.insert(options.argv.end(), args.begin(), args.end());
  options.env = env();
  options.timeout = std::chrono::seconds(60);
  options.output_cap = 4 * 1024 * 1024;
  return options;
}

SubprocessResult ExampleSandbox::RunUaDeploy(const std::vector<std::string>& args) const {
  auto result = Subprocess::Run(UaDeployOptions(args));
  REQUIRE(result.ok());
  REQUIRE_FALSE(result->timed_out);
  return std::move(result).value();
}

Tree SnapshotTree(const fs::path& root) {
  Tree snapshot;
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
