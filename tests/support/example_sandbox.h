// ExampleSandbox: a private copy of examples/ in a TempDir, with HOME and XDG_CACHE_HOME
// pointing inside it, so tests that run the real binary on the bundled example never write to
// the repository or the real home directory.
//
// Owned by one test; not shared between threads.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "platform/subprocess.h"
#include "tests/support/temp_dir.h"

namespace ua::testing {

class ExampleSandbox {
 public:
  ExampleSandbox();

  const std::filesystem::path& root() const { return dir_.path(); }
  std::filesystem::path config() const { return root() / "config.json"; }
  std::filesystem::path dev() const { return root() / "unified-agents" / "dev"; }
  std::filesystem::path prod() const { return root() / "unified-agents" / "prod"; }
  // The backup_dir of WritePlainConfig's profile.
  std::filesystem::path backup_dir() const { return root() / "backups" / "unified-agents"; }
  // HOME and XDG_CACHE_HOME inside the sandbox, for child processes.
  std::map<std::string, std::string> env() const;

  // Writes <root>/plain-config.json: the example's profile without validators and post-deploy
  // tests, so only what a test adds (its `profile_overrides`, e.g. tests or lock_timeout_s)
  // decides the outcome. Returns its path.
  std::filesystem::path WritePlainConfig(
      const nlohmann::json& profile_overrides = nlohmann::json::object()) const;

  // Runs the real ua-deploy binary with `args` (the sandbox's config is NOT added
  // automatically) and a 60 s guard deadline; REQUIREs that it could be started.
  SubprocessResult RunUaDeploy(const std::vector<std::string>& args) const;
  // What RunUaDeploy runs, for tests that start the child themselves or change its
  // environment.
  SubprocessOptions UaDeployOptions(const std::vector<std::string>& args) const;

 private:
  TempDir dir_;
};

// Every regular file below `root` (relative path -> content + permission bits), for
// byte-and-mode comparisons of trees before and after an operation.
using Tree = std::map<std::string, std::string>;
Tree SnapshotTree(const std::filesystem::path& root);

// The part of a snapshot that the example's profile manages, and the rest; VERSION, which
// ua-deploy itself writes, is in neither.
Tree ManagedPart(const Tree& tree);
Tree UnmanagedPart(const Tree& tree);

}  // namespace ua::testing
