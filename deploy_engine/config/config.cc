#include "deploy_engine/config/config.h"

#include <sys/stat.h>

#include <cerrno>
#include <memory>

#include "base/json_schema.h"
#include "base/json_text.h"
#include "base/schema_explain.h"
#include "platform/fs_ops.h"
#include "platform/path_expand.h"

namespace ua::engine {
namespace {

using json = nlohmann::json;

constexpr char kConfigSchema[] = "config.schema";
constexpr char kDefaultLogFile[] = "~/.mcp-deployments.log";
constexpr char kHomeConfig[] = "~/.config/ua-deploy/config.json";

Status ConfigError(const std::string& path, const std::string& problem, const std::string& hint) {
  return InvalidArgument((path.empty() ? std::string("(document)") : path) + ": " + problem + "; " +
                         hint);
}

Result<std::filesystem::path> PathAt(const std::string& raw, const std::string& json_path,
                                     const Environment& env,
                                     const std::filesystem::path& base_dir) {
  Result<std::filesystem::path> p = ExpandPath(raw, env, base_dir);
  if (!p.ok()) return ConfigError(json_path, p.status().message(), "fix the path");
  return p;
}

std::vector<std::string> Strings(const json& obj, const char* key) {
  std::vector<std::string> out;
  if (obj.contains(key)) {
    for (const json& s : obj[key]) out.push_back(s.get<std::string>());
  }
  return out;
}

std::string JoinNames(const std::map<std::string, Profile>& profiles) {
  std::string s;
  for (const auto& [name, p] : profiles) s += (s.empty() ? "" : ", ") + name;
  return s.empty() ? "(none)" : s;
}

Result<Profile> ParseProfile(const std::string& name, const json& j,
                             const std::filesystem::path& base_dir, const Environment& env) {
  const std::string at = "/profiles/" + JsonPointerToken(name);
  Profile p;
  p.name = name;
  UA_ASSIGN_OR_RETURN(p.source,
                      PathAt(j["source"].get<std::string>(), at + "/source", env, base_dir));
  UA_ASSIGN_OR_RETURN(p.target,
                      PathAt(j["target"].get<std::string>(), at + "/target", env, base_dir));
  const std::string backup_raw =
      j.contains("backup_dir") ? j["backup_dir"].get<std::string>() : "~/.mcp-backups/" + name;
  UA_ASSIGN_OR_RETURN(p.backup_dir, PathAt(backup_raw, at + "/backup_dir", env, base_dir));
  p.include = Strings(j, "include");
  p.exclude = Strings(j, "exclude");
  p.keep_backups = j.value("keep_backups", 10);
  p.lock_timeout_s = j.value("lock_timeout_s", 0.0);
  p.wait_s = j.value("wait_s", 45);
  p.require_clean_git = j.value("require_clean_git", false);
  p.allow_downgrade = j.value("allow_downgrade", false);
  p.confirm = j.value("confirm", false);
  p.fail_fast = j.value("fail_fast", false);
  if (j.contains("diff")) {
    const json& d = j["diff"];
    p.diff.max_file_bytes = d.value("max_file_bytes", p.diff.max_file_bytes);
    p.diff.max_total_bytes = d.value("max_total_bytes", p.diff.max_total_bytes);
  }
  if (j.contains("version_from")) {
    const std::string v = j["version_from"].get<std::string>();
    std::filesystem::path vp(v);
    bool escapes = vp.is_absolute();
    for (const auto& part : vp) escapes = escapes || part == "..";
    if (escapes) {
      return ConfigError(at + "/version_from", "\"" + v + "\" leaves the source directory",
                         "name a file inside the source, relative to it (e.g. \"VERSION.txt\")");
    }
    p.version_from = vp.lexically_normal().string();
  }
  if (j.contains("validators")) {
    for (const json& item : j["validators"]) {
      ValidatorConfig v;
      v.type = item["type"].get<std::string>();
      v.required = item.value("required", false);
      v.options = item;
      p.validators.push_back(std::move(v));
    }
  }
  if (j.contains("tests")) {
    for (const json& item : j["tests"]) {
      TestConfig t;
      t.type = item["type"].get<std::string>();
      t.command = Strings(item, "command");
      if (item.contains("env")) {
        for (const auto& [k, v] : item["env"].items()) t.env[k] = v.get<std::string>();
      }
      t.timeout_s = item.value("timeout_s", 30.0);
      t.expect_tools = Strings(item, "expect_tools");
      if (item.contains("name")) {
        t.name = item["name"].get<std::string>();
      } else if (t.type == "mcp_handshake") {
        t.name = "mcp_handshake";
      } else {
        for (const std::string& arg : t.command) t.name += (t.name.empty() ? "" : " ") + arg;
      }
      p.tests.push_back(std::move(t));
    }
  }
  return p;
}

const std::shared_ptr<const JsonSchema>* ConfigSchema() {
  static const Result<std::shared_ptr<const JsonSchema>> schema =
      JsonSchema::FromEmbedded(kConfigSchema);
  return schema.ok() ? &schema.value() : nullptr;
}

Result<std::string> ReadWholeFile(const std::filesystem::path& file) {
  Result<std::string> text = fs::ReadFile(file);
  if (text.ok()) return text;
  if (text.status().code() == StatusCode::kNotFound) {
    return NotFound("config file not found: " + file.string() +
                    "; create it or point --config / $UA_DEPLOY_CONFIG at an existing file");
  }
  std::error_code ec;
  if (std::filesystem::is_directory(file, ec)) {
    return InvalidArgument("config " + file.string() +
                           " is a directory; name the JSON file inside it");
  }
  return Status(text.status().code(), "cannot read config file: " + text.status().message());
}

std::string Origin(const Config& config) {
  return config.origin.empty() ? std::string() : " (" + config.origin + ")";
}

Status Prefixed(const std::string& label, const Status& s) {
  Status out(s.code(), "config " + label + ": " + s.message());
  for (const std::string& c : s.context()) out.AddContext(c);
  return out;
}

}  // namespace

bool IsValidProfileName(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '.' || c == '-';
    if (!ok) return false;
  }
  return true;
}

Result<Config> ParseConfig(const json& doc, const std::filesystem::path& base_dir,
                           const Environment& env) {
  const auto* schema = ConfigSchema();
  if (!schema) return Internal("the embedded config schema cannot be loaded");
  std::vector<SchemaViolation> violations = (*schema)->Validate(doc);
  if (!violations.empty()) {
    const std::vector<SchemaFinding> findings =
        ExplainViolations((*schema)->document(), doc, violations);
    Status s = InvalidArgument(FormatFinding(findings.front()));
    for (size_t i = 1; i < findings.size(); ++i) s.AddContext(FormatFinding(findings[i]));
    return s;
  }
  Config config;
  for (const auto& [name, pj] : doc["profiles"].items()) {
    UA_ASSIGN_OR_RETURN(Profile p, ParseProfile(name, pj, base_dir, env));
    config.profiles.emplace(name, std::move(p));
  }
  config.default_profile = doc.value("default_profile", "");
  if (!config.default_profile.empty() && !config.profiles.count(config.default_profile)) {
    return ConfigError("/default_profile",
                       "profile \"" + config.default_profile + "\" is not defined",
                       "use one of: " + JoinNames(config.profiles));
  }
  const std::string log_raw = doc.value("log_file", std::string(kDefaultLogFile));
  Result<std::filesystem::path> log = ExpandPath(log_raw, env, base_dir);
  if (!log.ok()) return ConfigError("/log_file", log.status().message(), "set log_file");
  config.log_file = *log;
  return config;
}

Result<Config> LoadConfigFile(const std::filesystem::path& file, const Environment& env) {
  std::error_code ec;
  std::filesystem::path abs = std::filesystem::absolute(file, ec);
  if (ec) abs = file;
  abs = abs.lexically_normal();
  Result<std::string> text = ReadWholeFile(abs);
  if (!text.ok()) return text.status();
  Result<json> doc = ParseJsonText(*text);
  if (!doc.ok()) return Prefixed(abs.string(), doc.status());
  Result<Config> config = ParseConfig(*doc, abs.parent_path(), env);
  if (!config.ok()) return Prefixed(abs.string(), config.status());
  config->origin = abs.string();
  return config;
}

Config BuiltinConfig(const Environment& env) {
  const std::optional<std::string> home = env.Home();
  const std::filesystem::path h(home ? *home : std::string("~"));
  Profile p;
  p.name = kDefaultProfileName;
  p.source = h / "DEV_/agents/mcp-unified-agents";
  p.target = h / "mcp-config/servers/mcp-unified-agents";
  p.backup_dir = h / ".mcp-backups/unified-agents";
  p.include = {"server.py", "agents.json", "workflow/*.py", "templates/*.json"};
  p.exclude = {".env", "*.log", "logs/**", "*.tmp"};
  p.keep_backups = 10;
  for (const char* type : {"json", "python_syntax", "secrets"}) {
    p.validators.push_back(ValidatorConfig{type, false, json{{"type", type}}});
  }
  TestConfig t;
  t.type = "mcp_handshake";
  t.name = "mcp_handshake";
  t.command = {"python3", "server.py"};
  t.timeout_s = 10;
  p.tests.push_back(std::move(t));
  Config c;
  c.default_profile = kDefaultProfileName;
  c.log_file = h / ".mcp-deployments.log";
  c.profiles.emplace(p.name, std::move(p));
  c.origin = "built-in default";
  return c;
}

Result<Config> DiscoverConfig(const std::optional<std::filesystem::path>& cli_flag,
                              const Environment& env) {
  std::error_code ec;
  const std::filesystem::path cwd = std::filesystem::current_path(ec);
  if (cli_flag) {
    UA_ASSIGN_OR_RETURN(std::filesystem::path file, ExpandPath(cli_flag->string(), env, cwd));
    UA_ASSIGN_OR_RETURN(Config c, LoadConfigFile(file, env));
    c.origin = "--config " + file.string();
    return c;
  }
  if (std::optional<std::string> var = env.Get("UA_DEPLOY_CONFIG"); var && !var->empty()) {
    Result<std::filesystem::path> file = ExpandPath(*var, env, cwd);
    if (!file.ok()) {
      return InvalidArgument("$UA_DEPLOY_CONFIG: " + file.status().message());
    }
    Result<Config> c = LoadConfigFile(*file, env);
    if (!c.ok()) {
      Status s = c.status();
      return s.AddContext("named by $UA_DEPLOY_CONFIG; unset it to use the default config");
    }
    c->origin = "$UA_DEPLOY_CONFIG=" + file->string();
    return c;
  }
  if (env.Home()) {
    UA_ASSIGN_OR_RETURN(std::filesystem::path file, ExpandPath(kHomeConfig, env, cwd));
    struct stat st {};
    if (::stat(file.c_str(), &st) == 0 || errno != ENOENT) {
      UA_ASSIGN_OR_RETURN(Config c, LoadConfigFile(file, env));
      c.origin = kHomeConfig;
      return c;
    }
  }
  if (!env.Home()) {
    return FailedPrecondition(
        "no config file given and the home directory is unknown, so the built-in profile's "
        "paths (~/DEV_/..., ~/mcp-config/...) cannot be placed; set HOME or pass --config");
  }
  return BuiltinConfig(env);
}

Result<Profile> ResolveProfile(const Config& config, const std::optional<std::string>& name) {
  std::string chosen;
  if (name) {
    if (!IsValidProfileName(*name)) {
      return InvalidArgument("invalid profile name \"" + *name +
                             "\": use 1-64 letters, digits, '_', '.' or '-'; known profiles: " +
                             JoinNames(config.profiles));
    }
    chosen = *name;
  } else if (!config.default_profile.empty()) {
    chosen = config.default_profile;
  } else if (config.profiles.size() == 1) {
    chosen = config.profiles.begin()->first;
  } else {
    return InvalidArgument("no profile given and the config" + Origin(config) +
                           " sets no default_profile; pass one of: " + JoinNames(config.profiles));
  }
  auto it = config.profiles.find(chosen);
  if (it == config.profiles.end()) {
    return InvalidArgument("unknown profile \"" + chosen + "\" in the config" + Origin(config) +
                           "; known profiles: " + JoinNames(config.profiles));
  }
  return it->second;
}

}  // namespace ua::engine
