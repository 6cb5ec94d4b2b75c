#include <catch2/catch.hpp>

#include "deploy_engine/validation/validation_chain.h"
#include "tests/support/temp_dir.h"

namespace ua::engine {
namespace {

using nlohmann::json;
using ua::testing::TempDir;
using ua::testing::WriteFile;

Result<ValidationReport> Run(const TempDir& dir, const json& item, std::vector<std::string> files) {
  return RunValidationChain({ValidatorConfig{item["type"].get<std::string>(), false, item}}, false,
                            ValidationInput{dir.path(), std::move(files)}, std::stop_token());
}

std::vector<ValidationFinding> Scan(const TempDir& dir, std::vector<std::string> files) {
  auto r = Run(dir, {{"type", "secrets"}}, std::move(files));
  REQUIRE(r.ok());
  return r->findings;
}

// The secret's value, and any 12-character piece of it, appears in no field of any finding.
void CheckNotEchoed(const std::vector<ValidationFinding>& findings, const std::string& secret) {
  for (const ValidationFinding& f : findings) {
    for (const std::string* field : {&f.validator, &f.path, &f.severity, &f.message, &f.rule}) {
      for (size_t i = 0; i + 12 <= secret.size(); i += 4) {
        INFO(*field);
        CHECK(field->find(secret.substr(i, 12)) == std::string::npos);
      }
    }
  }
}

TEST_CASE("secrets reports the rule, line and column and never echoes the value",
          "[engine][validation][secrets]") {
  TempDir dir;
  const std::string gh = "ghp_Zq8rT2mN5vB7xC1kL9pW3sD6fG4hJ0aE2yU8";
  WriteFile(dir / "app/config.py", "import os\n\ntoken = '" + gh + "'\nprint('ok')\n");
  auto f = Scan(dir, {"app/config.py"});
  REQUIRE(f.size() == 1);
  CHECK(f[0].validator == "secrets");
  CHECK(f[0].path == "app/config.py");
  CHECK(f[0].severity == "error");
  CHECK(f[0].rule == "github-token");
  CHECK(f[0].line == 3);
  CHECK(f[0].column == 10);
  CHECK_THAT(f[0].message, Catch::Contains("GitHub token") && Catch::Contains("github-token") &&
                               Catch::Contains("ua-deploy:allow-secret"));
  CheckNotEchoed(f, gh);
}

TEST_CASE("secrets blocks private keys, not a key's header in documentation",
          "[engine][validation][secrets]") {
  TempDir dir;
  const std::string body = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7q8Xz2LmN4pR7tY1w";
  WriteFile(dir / "certs/key.pem",
            "-----BEGIN RSA PRIVATE KEY-----\n" + body + "\n-----END RSA PRIVATE KEY-----\n");
  WriteFile(dir / "notes.md", "x\n-----BEGIN OPENSSH PRIVATE KEY-----\n...\n");
  auto f = Scan(dir, {"certs/key.pem", "notes.md"});
  REQUIRE(f.size() == 1);
  CHECK(f[0].path == "certs/key.pem");
  CHECK(f[0].rule == "private-key");
  CHECK(f[0].line == 1);
  CheckNotEchoed(f, body);
}

TEST_CASE("secrets blocks .env-style files but not their templates",
          "[engine][validation][secrets]") {
  TempDir dir;
  WriteFile(dir / ".env", "DEBUG=1\n");
  WriteFile(dir / "conf/.env.production", "DEBUG=0\n");
  WriteFile(dir / "settings.env", "DEBUG=0\n");
  WriteFile(dir / ".env.example", "API_KEY=\n");
  WriteFile(dir / "env.py", "x = 1\n");
  auto f = Scan(dir, {".env", "conf/.env.production", "settings.env", ".env.example", "env.py"});
  REQUIRE(f.size() == 3);
  CHECK(f[0].path == ".env");
  CHECK(f[1].path == "conf/.env.production");
  CHECK(f[2].path == "settings.env");
  CHECK(f[0].rule == "env-file");
  CHECK_FALSE(f[0].line);
  CHECK_THAT(f[0].message, Catch::Contains("exclude"));
}

TEST_CASE("secrets leaves ordinary code, placeholders and environment lookups alone",
          "[engine][validation][secrets]") {
  TempDir dir;
  WriteFile(dir / "server.py",
            "import os\n"
            "api_key = os.environ[\"OPENAI_API_KEY\"]\n"
            "token = \"your-token-goes-here-please\"\n"
            "password = \"${DB_PASSWORD_FROM_VAULT}\"\n"
            "secret_name = \"aaaaaaaaaaaaaaaaaaaaaaaa\"\n"
            "headers = {'Authorization': 'Bearer ' + token}\n"
            "risk = 'task-skeleton-for-the-agents'\n");
  WriteFile(dir / "agents.json", "{\"token_limit\": \"4096\", \"description\": \"Askia ok\"}\n");
  CHECK(Scan(dir, {"server.py", "agents.json"}).empty());
}

TEST_CASE("secrets counts what allow_paths and allow-secret comments silenced",
          "[engine][validation][secrets]") {
  TempDir dir;
  const std::string gh = "ghp_Zq8rT2mN5vB7xC1kL9pW3sD6fG4hJ0aE2yU8";
  WriteFile(dir / "vendor/lib.py", "T = '" + gh + "'\n");
  WriteFile(dir / "app.py", "T = '" + gh + "'  # ua-deploy:allow-secret\n");
  auto r =
      Run(dir, {{"type", "secrets"}, {"allow_paths", {"vendor/**"}}}, {"vendor/lib.py", "app.py"});
  REQUIRE(r.ok());
  REQUIRE(r->findings.size() == 1);
  CHECK(r->findings[0].severity == "info");
  CHECK(r->findings[0].path.empty());
  CHECK_THAT(r->findings[0].message, Catch::StartsWith("2 possible secrets were silenced"));
  CHECK_FALSE(r->HasErrors());
}

TEST_CASE("secrets runs a rules file's rules, alone when asked", "[engine][validation][secrets]") {
  TempDir dir;
  WriteFile(dir / "rules.toml", "[[rules]]\nid = 'ticket'\nregex = '''TICKET-[0-9]{6}'''\n");
  WriteFile(dir / "a.txt", "see TICKET-123456\n.env is fine here\n");
  WriteFile(dir / ".env", "X=1\n");
  auto r = Run(dir, {{"type", "secrets"}, {"rules_file", "rules.toml"}, {"builtin_rules", false}},
               {"a.txt", ".env"});
  REQUIRE(r.ok());
  REQUIRE(r->findings.size() == 1);  // env-file is a built-in rule, turned off
  CHECK(r->findings[0].rule == "ticket");
  CHECK(r->findings[0].line == 1);
  CHECK(r->findings[0].column == 5);
}

TEST_CASE("secrets options that cannot work are config errors", "[engine][validation][secrets]") {
  TempDir dir;
  WriteFile(dir / "bad.toml", "[[rules]]\nid = 'broken'\nregex = '''(x'''\n");
  struct Case {
    json item;
    const char* says;
  };
  for (const Case& c : {
           Case{{{"type", "secrets"}, {"rules_file", "missing.toml"}},
                "cannot read the rules file"},
           Case{{{"type", "secrets"}, {"rules_file", "bad.toml"}}, "secret rule \"broken\""},
           Case{{{"type", "secrets"}, {"builtin_rules", false}}, "no rules_file gives rules"},
           Case{{{"type", "secrets"}, {"allow_paths", "vendor"}}, "not an array of glob strings"},
       }) {
    INFO(c.item.dump());
    auto r = Run(dir, c.item, {});
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == StatusCode::kInvalidArgument);
    CHECK_THAT(r.status().message(),
               Catch::Contains("validator \"secrets\"") && Catch::Contains(c.says));
  }
}

TEST_CASE("secrets can be downgraded to warnings", "[engine][validation][secrets]") {
  TempDir dir;
  WriteFile(dir / ".env", "X=1\n");
  auto r = Run(dir, {{"type", "secrets"}, {"severity", "warning"}}, {".env"});
  REQUIRE(r.ok());
  REQUIRE(r->findings.size() == 1);
  CHECK(r->findings[0].severity == "warning");
  CHECK_FALSE(r->HasErrors());
}

TEST_CASE("forbid blocks a pattern in the files its glob names, with the profile's message",
          "[engine][validation][forbid]") {
  TempDir dir;
  WriteFile(dir / "templates/db.json",
            "{\n  \"dsn\": \"postgresql://localhost:5432/x\",\n"
            "  \"replica\": \"localhost:5432\"\n}\n");
  WriteFile(dir / "README.md", "runs on localhost:5432 in development\n");
  const json item = {{"type", "forbid"},
                     {"patterns",
                      {{{"pattern", "localhost:5432"},
                        {"glob", "templates/*.json"},
                        {"message", "use the production database host"}}}}};
  auto r = Run(dir, item, {"templates/db.json", "README.md"});
  REQUIRE(r.ok());
  REQUIRE(r->findings.size() == 2);
  CHECK(r->findings[0].path == "templates/db.json");
  CHECK(r->findings[0].line == 2);
  CHECK(r->findings[0].column == 24);
  CHECK(r->findings[0].message == "use the production database host");
  CHECK(r->findings[1].line == 3);
  CHECK(r->HasErrors());
}

TEST_CASE("forbid patterns that cannot work are config errors", "[engine][validation][forbid]") {
  TempDir dir;
  for (const json& item : {
           json{{"type", "forbid"}},
           json{{"type", "forbid"}, {"patterns", json::array()}},
           json{{"type", "forbid"}, {"patterns", {{{"pattern", "x"}}}}},
           json{{"type", "forbid"}, {"patterns", {{{"pattern", "(x"}, {"message", "m"}}}}},
       }) {
    INFO(item.dump());
    auto r = Run(dir, item, {});
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == StatusCode::kInvalidArgument);
    CHECK_THAT(r.status().message(), Catch::Contains("validator \"forbid\": option \"patterns"));
  }
}

}  // namespace
}  // namespace ua::engine
