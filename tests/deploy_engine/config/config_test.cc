#include "deploy_engine/config/config.h"

#include <catch2/catch.hpp>

#include "tests/support/temp_dir.h"

namespace ua::engine {
namespace {

using json = nlohmann::json;

json MinimalDoc() {
  return json::parse(R"({
    "profiles": {
      "ua": {"source": "dev", "target": "$PROD/ua", "include": ["**/*.py"]}
    }
  })");
}

Environment Env(const std::filesystem::path& home) {
  return Environment::Fixed({{"HOME", home.string()}, {"PROD", "/srv/prod"}});
}

std::string ErrorOf(const json& doc) {
  Result<Config> c = ParseConfig(doc, "/cfg", Env("/home/u"));
  REQUIRE_FALSE(c.ok());
  CHECK(c.status().code() == StatusCode::kInvalidArgument);
  return c.status().message();
}

TEST_CASE("a minimal config gets defaults and expanded paths", "[config]") {
  Result<Config> c = ParseConfig(MinimalDoc(), "/cfg", Env("/home/u"));
  REQUIRE(c.ok());
  REQUIRE(c->profiles.count("ua") == 1);
  const Profile& p = c->profiles.at("ua");
  CHECK(p.name == "ua");
  CHECK(p.source == "/cfg/dev");
  CHECK(p.target == "/srv/prod/ua");
  CHECK(p.backup_dir == "/home/u/.mcp-backups/ua");
  CHECK(p.keep_backups == 10);
  CHECK(p.exclude.empty());
  CHECK_FALSE(p.version_from.has_value());
  CHECK(c->log_file == "/home/u/.mcp-deployments.log");
  CHECK(c->default_profile.empty());
}

TEST_CASE("every field of a full config is read", "[config]") {
  json doc = json::parse(R"({
    "default_profile": "ua",
    "log_file": "logs/deploy.log",
    "profiles": {
      "ua": {
        "source": "~/dev", "target": "/prod", "backup_dir": "${PROD}/bk",
        "include": ["server.py"], "exclude": [".env"], "keep_backups": 3,
        "version_from": "VERSION.txt", "lock_timeout_s": 2.5, "require_clean_git": true,
        "allow_downgrade": true, "fail_fast": true,
        "validators": [{"type": "json"}, {"type": "size", "required": true, "max_bytes": 10}],
        "tests": [
          {"type": "mcp_handshake", "command": ["python3", "server.py"], "timeout_s": 10,
           "expect_tools": ["a"]},
          {"type": "command", "command": ["pytest", "-q"], "env": {"X": "1"}}
        ]
      }
    }
  })");
  Result<Config> c = ParseConfig(doc, "/cfg", Env("/home/u"));
  REQUIRE(c.ok());
  const Profile& p = c->profiles.at("ua");
  CHECK(c->default_profile == "ua");
  CHECK(c->log_file == "/cfg/logs/deploy.log");
  CHECK(p.source == "/home/u/dev");
  CHECK(p.backup_dir == "/srv/prod/bk");
  CHECK(p.keep_backups == 3);
  CHECK(p.version_from == "VERSION.txt");
  CHECK(p.lock_timeout_s == 2.5);
  CHECK(p.require_clean_git);
  CHECK(p.allow_downgrade);
  CHECK(p.fail_fast);
  REQUIRE(p.validators.size() == 2);
  CHECK(p.validators[1].type == "size");
  CHECK(p.validators[1].required);
  CHECK(p.validators[1].options["max_bytes"] == 10);
  REQUIRE(p.tests.size() == 2);
  CHECK(p.tests[0].name == "mcp_handshake");
  CHECK(p.tests[0].timeout_s == 10);
  CHECK(p.tests[0].expect_tools == std::vector<std::string>{"a"});
  CHECK(p.tests[1].name == "pytest -q");
  CHECK(p.tests[1].timeout_s == 30);
  CHECK(p.tests[1].env.at("X") == "1");
}

TEST_CASE("config errors name the JSON path and what to do", "[config]") {
  SECTION("wrong type") {
    json doc = MinimalDoc();
    doc["profiles"]["ua"]["keep_backups"] = "ten";
    std::string m = ErrorOf(doc);
    CHECK_THAT(m, Catch::StartsWith("/profiles/ua/keep_backups: expected an integer >= 1"));
    CHECK_THAT(m, Catch::Contains("\"ten\""));
  }
  SECTION("out of range") {
    json doc = MinimalDoc();
    doc["profiles"]["ua"]["keep_backups"] = 0;
    CHECK_THAT(ErrorOf(doc), Catch::StartsWith("/profiles/ua/keep_backups: expected an integer"));
  }
  SECTION("unknown key (a typo)") {
    json doc = MinimalDoc();
    doc["profiles"]["ua"]["excludes"] = json::array({"*.log"});
    std::string m = ErrorOf(doc);
    CHECK_THAT(m, Catch::StartsWith("/profiles/ua/excludes: unknown key"));
    CHECK_THAT(m, Catch::Contains("exclude"));
  }
  SECTION("unknown top-level key") {
    json doc = MinimalDoc();
    doc["profile"] = "x";
    CHECK_THAT(ErrorOf(doc), Catch::StartsWith("/profile: unknown key"));
  }
  SECTION("missing required key") {
    json doc = MinimalDoc();
    doc["profiles"]["ua"].erase("target");
    CHECK_THAT(ErrorOf(doc), Catch::StartsWith("/profiles/ua: missing required key \"target\""));
  }
  SECTION("no profiles") {
    CHECK_THAT(ErrorOf(json::object()), Catch::Contains("missing required key \"profiles\""));
    CHECK_THAT(ErrorOf(json{{"profiles", json::object()}}), Catch::StartsWith("/profiles"));
  }
  SECTION("profile name with a slash") {
    json doc = MinimalDoc();
    doc["profiles"]["a/b"] = doc["profiles"]["ua"];
    CHECK_THAT(ErrorOf(doc), Catch::StartsWith("/profiles/a~1b: the name \"a/b\" is not allowed"));
  }
  SECTION("bad validator type") {
    json doc = MinimalDoc();
    doc["profiles"]["ua"]["validators"] = json::array({{{"type", "yaml"}}});
    std::string m = ErrorOf(doc);
    CHECK_THAT(m, Catch::StartsWith("/profiles/ua/validators/0/type: expected one of"));
    CHECK_THAT(m, Catch::Contains("python_syntax"));
  }
  SECTION("test without a command") {
    json doc = MinimalDoc();
    doc["profiles"]["ua"]["tests"] = json::array({{{"type", "command"}}});
    CHECK_THAT(ErrorOf(doc), Catch::StartsWith("/profiles/ua/tests/0: missing required key"));
  }
  SECTION("non-positive test timeout") {
    json doc = MinimalDoc();
    doc["profiles"]["ua"]["tests"] =
        json::array({{{"type", "command"}, {"command", {"true"}}, {"timeout_s", 0}}});
    CHECK_THAT(ErrorOf(doc),
               Catch::StartsWith("/profiles/ua/tests/0/timeout_s: expected a number > 0"));
  }
  SECTION("unknown key in a test") {
    json doc = MinimalDoc();
    doc["profiles"]["ua"]["tests"] =
        json::array({{{"type", "command"}, {"command", {"true"}}, {"timeout", 5}}});
    CHECK_THAT(ErrorOf(doc), Catch::StartsWith("/profiles/ua/tests/0/timeout: unknown key"));
  }
  SECTION("negative lock timeout") {
    json doc = MinimalDoc();
    doc["profiles"]["ua"]["lock_timeout_s"] = -1;
    CHECK_THAT(ErrorOf(doc),
               Catch::StartsWith("/profiles/ua/lock_timeout_s: expected a number >= 0"));
  }
  SECTION("empty include list") {
    json doc = MinimalDoc();
    doc["profiles"]["ua"]["include"] = json::array();
    CHECK_THAT(ErrorOf(doc), Catch::StartsWith("/profiles/ua/include: expected a non-empty array"));
  }
  SECTION("default profile that does not exist") {
    json doc = MinimalDoc();
    doc["default_profile"] = "other";
    std::string m = ErrorOf(doc);
    CHECK_THAT(m, Catch::StartsWith("/default_profile: profile \"other\" is not defined"));
    CHECK_THAT(m, Catch::Contains("ua"));
  }
  SECTION("unset variable in a path") {
    json doc = MinimalDoc();
    doc["profiles"]["ua"]["source"] = "$NOT_SET/dev";
    std::string m = ErrorOf(doc);
    CHECK_THAT(m, Catch::StartsWith("/profiles/ua/source: "));
    CHECK_THAT(m, Catch::Contains("NOT_SET"));
  }
  SECTION("version_from leaving the source") {
    json doc = MinimalDoc();
    doc["profiles"]["ua"]["version_from"] = "../VERSION";
    CHECK_THAT(ErrorOf(doc), Catch::StartsWith("/profiles/ua/version_from: "));
  }
}

TEST_CASE("config files report read errors and JSON errors with line and column", "[config]") {
  testing::TempDir dir;
  const Environment env = Env(dir.path());

  Result<Config> missing = LoadConfigFile(dir / "nope.json", env);
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.status().code() == StatusCode::kNotFound);
  CHECK_THAT(missing.status().message(), Catch::Contains((dir / "nope.json").string()));

  testing::WriteFile(dir / "bad.json", "{\n  \"profiles\": {\n    \"ua\": ,\n  }\n}\n");
  Result<Config> bad = LoadConfigFile(dir / "bad.json", env);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().code() == StatusCode::kInvalidArgument);
  CHECK_THAT(bad.status().message(), Catch::StartsWith("config " + (dir / "bad.json").string() +
                                                       ": invalid JSON at line 3, column 11"));

  testing::WriteFile(dir / "typed.json",
                     R"({"profiles": {"ua": {"source": 1, "target": "t", "include": ["x"]}}})");
  Result<Config> typed = LoadConfigFile(dir / "typed.json", env);
  REQUIRE_FALSE(typed.ok());
  CHECK_THAT(typed.status().message(),
             Catch::StartsWith("config " + (dir / "typed.json").string() +
                               ": /profiles/ua/source: expected a non-empty string"));

  testing::WriteFile(dir / "good.json", MinimalDoc().dump());
  Result<Config> good = LoadConfigFile(dir / "good.json", env);
  REQUIRE(good.ok());
  CHECK(good->profiles.at("ua").source == dir / "dev");  // relative to the file's directory
  CHECK(good->origin == (dir / "good.json").string());
}

TEST_CASE("profiles resolve by name or default or the only one", "[config]") {
  Config c = BuiltinConfig(Environment::Fixed({{"HOME", "/home/u"}}));
  Result<Profile> def = ResolveProfile(c, std::nullopt);
  REQUIRE(def.ok());
  CHECK(def->name == "unified-agents");

  Result<Profile> unknown = ResolveProfile(c, "nope");
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.status().code() == StatusCode::kInvalidArgument);
  CHECK_THAT(unknown.status().message(), Catch::Contains("unified-agents"));

  for (const char* bad : {"a/b", "..", "", "x y"}) {
    Result<Profile> r = ResolveProfile(c, std::string(bad));
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == StatusCode::kInvalidArgument);
  }
  CHECK_FALSE(IsValidProfileName(std::string(65, 'a')));
  CHECK(IsValidProfileName("a.b-c_9"));

  Result<Config> two = ParseConfig(
      json::parse(R"({"profiles": {"a": {"source": "s", "target": "t", "include": ["x"]},
                                  "b": {"source": "s", "target": "u", "include": ["x"]}}})"),
      "/cfg", Env("/home/u"));
  REQUIRE(two.ok());
  Result<Profile> ambiguous = ResolveProfile(*two, std::nullopt);
  REQUIRE_FALSE(ambiguous.ok());
  CHECK_THAT(ambiguous.status().message(), Catch::Contains("a, b"));
  REQUIRE(ResolveProfile(*two, "b").ok());
  CHECK(ResolveProfile(*two, "b")->target == "/cfg/u");
}

TEST_CASE("the built-in profile follows docs/design.md", "[config]") {
  Config c = BuiltinConfig(Environment::Fixed({{"HOME", "/home/u"}}));
  CHECK(c.origin == "built-in default");
  CHECK(c.log_file == "/home/u/.mcp-deployments.log");
  const Profile& p = c.profiles.at("unified-agents");
  CHECK(p.source == "/home/u/DEV_/agents/mcp-unified-agents");
  CHECK(p.target == "/home/u/mcp-config/servers/mcp-unified-agents");
  CHECK(p.backup_dir == "/home/u/.mcp-backups/unified-agents");
  CHECK(p.include ==
        std::vector<std::string>{"server.py", "agents.json", "workflow/*.py", "templates/*.json"});
  CHECK(p.exclude == std::vector<std::string>{".env", "*.log", "logs/**", "*.tmp"});
  CHECK(p.keep_backups == 10);
  REQUIRE(p.validators.size() == 3);
  CHECK(p.validators[0].type == "json");
  CHECK(p.validators[1].type == "python_syntax");
  CHECK(p.validators[2].type == "secrets");
  REQUIRE(p.tests.size() == 1);
  CHECK(p.tests[0].type == "mcp_handshake");
  CHECK(p.tests[0].command == std::vector<std::string>{"python3", "server.py"});
}

TEST_CASE("discovery order is flag then variable then home file then built-in", "[config]") {
  testing::TempDir dir;
  const std::filesystem::path home = dir / "home";
  std::filesystem::create_directories(home);
  auto doc_with_target = [](const std::string& t) {
    json d = MinimalDoc();
    d["profiles"]["ua"]["target"] = t;
    return d.dump();
  };
  testing::WriteFile(dir / "flag.json", doc_with_target("/from-flag"));
  testing::WriteFile(dir / "var.json", doc_with_target("/from-var"));

  Environment no_var = Environment::Fixed({{"HOME", home.string()}});
  Environment with_var = Environment::Fixed(
      {{"HOME", home.string()}, {"UA_DEPLOY_CONFIG", (dir / "var.json").string()}});

  // Nothing configured: built-in default.
  Result<Config> builtin = DiscoverConfig(std::nullopt, no_var);
  REQUIRE(builtin.ok());
  CHECK(builtin->origin == "built-in default");

  // The home file is used when present.
  testing::WriteFile(home / ".config/ua-deploy/config.json", doc_with_target("/from-home"));
  Result<Config> from_home = DiscoverConfig(std::nullopt, no_var);
  REQUIRE(from_home.ok());
  CHECK(from_home->origin == "~/.config/ua-deploy/config.json");
  CHECK(from_home->profiles.at("ua").target == "/from-home");

  // The variable beats the home file.
  Result<Config> from_var = DiscoverConfig(std::nullopt, with_var);
  REQUIRE(from_var.ok());
  CHECK(from_var->origin == "$UA_DEPLOY_CONFIG=" + (dir / "var.json").string());
  CHECK(from_var->profiles.at("ua").target == "/from-var");

  // The flag beats everything.
  Result<Config> from_flag = DiscoverConfig(dir / "flag.json", with_var);
  REQUIRE(from_flag.ok());
  CHECK(from_flag->origin == "--config " + (dir / "flag.json").string());
  CHECK(from_flag->profiles.at("ua").target == "/from-flag");

  // A named file that does not exist is an error, never a silent fallback.
  Result<Config> bad_flag = DiscoverConfig(dir / "missing.json", with_var);
  REQUIRE_FALSE(bad_flag.ok());
  CHECK(bad_flag.status().code() == StatusCode::kNotFound);
  Environment bad_var = Environment::Fixed(
      {{"HOME", home.string()}, {"UA_DEPLOY_CONFIG", (dir / "missing.json").string()}});
  Result<Config> from_bad_var = DiscoverConfig(std::nullopt, bad_var);
  REQUIRE_FALSE(from_bad_var.ok());
  CHECK(from_bad_var.status().code() == StatusCode::kNotFound);

  // Without a home directory the built-in paths cannot be placed.
  Result<Config> homeless = DiscoverConfig(std::nullopt, Environment::Fixed({}));
  REQUIRE_FALSE(homeless.ok());
  CHECK(homeless.status().code() == StatusCode::kFailedPrecondition);
  CHECK_THAT(homeless.status().message(), Catch::Contains("HOME"));

  // A broken home file is reported, not skipped.
  testing::WriteFile(home / ".config/ua-deploy/config.json", "{");
  CHECK_FALSE(DiscoverConfig(std::nullopt, no_var).ok());
}

}  // namespace
}  // namespace ua::engine
