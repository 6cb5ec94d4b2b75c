// Config: the user's config file (schemas/config.schema.json), its profiles, and how the file
// is found.
//
// Everything returned here is a plain value, fully validated and with every path expanded
// (see path_expand.h) to an absolute path; defaults are filled in (keep_backups 10, log_file
// ~/.mcp-deployments.log, backup_dir ~/.mcp-backups/<profile>, test timeout 30 s). Every error
// is kInvalidArgument (kNotFound / kPermissionDenied for a file that cannot be read) and its
// message names the file, the JSON path of the offending key and what to do, e.g.
//   config /x/config.json: /profiles/ua/keep_backups: expected an integer >= 1 (...), got 0;
//   fix the value, or remove the key to use the default
//
// Stateless functions; safe from any thread (they read files and the given Environment only).
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/status.h"
#include "platform/environment.h"

namespace ua::engine {

struct ValidatorConfig {
  std::string type;  // json | json_schema | python_syntax | secrets | size | command
  bool required = false;
  nlohmann::json options = nlohmann::json::object();  // the whole config item, incl. "type"
};

struct TestConfig {
  std::string type;  // command | mcp_handshake
  std::string name;  // defaults to "mcp_handshake" or the command line
  std::vector<std::string> command;
  std::map<std::string, std::string> env;
  double timeout_s = 30;
  std::vector<std::string> expect_tools;
};

// How much a diff preview may show (deploy_engine/preview/diff_preview.h).
struct DiffLimits {
  uint64_t max_file_bytes = 100 * 1024;   // a larger file is summarised, not diffed
  uint64_t max_total_bytes = 256 * 1024;  // diff text past this is summarised
};

struct Profile {
  std::string name;
  std::filesystem::path source, target, backup_dir;
  std::vector<std::string> include, exclude;
  int keep_backups = 10;
  std::vector<ValidatorConfig> validators;
  std::vector<TestConfig> tests;
  std::optional<std::string> version_from;  // relative path inside the source, no ".."
  double lock_timeout_s = 0;
  // How long an MCP deploy/rollback call waits for its detached operation before answering
  // "running"; safely under the 60 s clients give a call.
  int wait_s = 45;
  bool require_clean_git = false, allow_downgrade = false, fail_fast = false;
  // Ask a person before a deploy or rollback changes production (tools/confirmation.h).
  bool confirm = false;
  DiffLimits diff;
};

struct Config {
  std::string default_profile;  // may be empty when the file names none
  std::filesystem::path log_file;
  std::map<std::string, Profile> profiles;
  // Where it came from: "--config /x", "$UA_DEPLOY_CONFIG=/x",
  // "~/.config/ua-deploy/config.json", "built-in default" (or the file path for LoadConfigFile).
  std::string origin;
};

inline constexpr char kDefaultProfileName[] = "unified-agents";

// `doc` against the schema, then into a Config; relative paths resolve against base_dir.
Result<Config> ParseConfig(const nlohmann::json& doc, const std::filesystem::path& base_dir,
                           const Environment& env);
// Reads, parses (errors give line and column) and validates `file`.
Result<Config> LoadConfigFile(const std::filesystem::path& file, const Environment& env);
// Profile "unified-agents" with the paths of docs/design.md "Configuration" under env's home,
// include/exclude, validators json + python_syntax + secrets and an mcp_handshake test of
// `python3 server.py`.
// Only meaningful when env.Home() is known (the paths keep a literal "~" otherwise).
Config BuiltinConfig(const Environment& env);
// --config, else $UA_DEPLOY_CONFIG, else ~/.config/ua-deploy/config.json if it exists, else
// BuiltinConfig. A file named by the flag or the variable must exist. Relative names resolve
// against the current directory. Falling back to the built-in profile without a known home
// directory is kFailedPrecondition.
Result<Config> DiscoverConfig(const std::optional<std::filesystem::path>& cli_flag,
                              const Environment& env);
// `name`, else the config's default_profile, else its only profile. Names must match
// [A-Za-z0-9_.-]{1,64} and exist; errors list the known names.
Result<Profile> ResolveProfile(const Config& config, const std::optional<std::string>& name);
bool IsValidProfileName(std::string_view name);

}  // namespace ua::engine
