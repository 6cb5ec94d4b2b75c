#include <catch2/catch.hpp>

#include "deploy_engine/validation/validation_chain.h"
#include "tests/support/temp_dir.h"

namespace ua::engine {
namespace {

using nlohmann::json;
using ua::testing::TempDir;
using ua::testing::WriteFile;

std::vector<ValidationFinding> Scan(const TempDir& dir, std::vector<std::string> files) {
  const json item = {{"type", "secrets"}};
  auto r = RunValidationChain({ValidatorConfig{"secrets", false, item}}, false,
                              ValidationInput{dir.path(), std::move(files)}, std::stop_token());
  REQUIRE(r.ok());
  return r->findings;
}

// The secret's value, and any 12-character piece of it, appears in no field of any finding.
void CheckNotEchoed(const std::vector<ValidationFinding>& findings, const std::string& secret) {
  for (const ValidationFinding& f : findings) {
    for (const std::string* field : {&f.validator, &f.path, &f.severity, &f.message}) {
      for (size_t i = 0; i + 12 <= secret.size(); i += 4) {
        INFO(*field);
        CHECK(field->find(secret.substr(i, 12)) == std::string::npos);
      }
    }
  }
}

struct Case {
  const char* kind;
  std::string secret;
  std::string line;  // the line of the file holding the secret
};

TEST_CASE("secrets finds each kind of credential with its line and column and never echoes it",
          "[engine][validation][secrets]") {
  const std::string aws = "AKIAQ3EGT7WXYZ4PLM2K";
  const std::string gh = "ghp_" + std::string("Zq8rT2mN5vB7xC1kL9pW3sD6fG4hJ0aE2yU8");
  const std::string openai = "sk-proj-" + std::string("Xy7Qp2Lm9Rt4Vb8Nc3Kd6Fg1Hj5Ws0Az4Ue");
  const std::string slack = "xoxb-" + std::string("2417839265-9183746520-QpLmZx8Rt4Vb");
  const std::string bearer = "eyJhbGciOiJIUzI1NiJ9.Qm9keTEyMzQ1Njc4OTA.c2lnbmF0dXJl";
  const std::string generic = "f3a9c27b1e8d4f60a5b7c9d2e1f4a8b3";
  const std::vector<Case> cases = {
      {"AWS access key id", aws, "AWS_KEY = '" + aws + "'"},
      {"GitHub token", gh, "token: " + gh},
      {"OpenAI/Anthropic-style API key", openai, "client = OpenAI(key=\"" + openai + "\")"},
      {"Slack token", slack, "SLACK=" + slack},
      {"bearer token", bearer, "headers = {'Authorization': 'Bearer " + bearer + "'}"},
      {"API key or secret assignment", generic, "api_key = \"" + generic + "\""},
  };
  for (const Case& c : cases) {
    DYNAMIC_SECTION(c.kind) {
      TempDir dir;
      WriteFile(dir / "app/config.py", "import os\n\n" + c.line + "\nprint('ok')\n");
      auto f = Scan(dir, {"app/config.py"});
      REQUIRE(f.size() == 1);
      CHECK(f[0].validator == "secrets");
      CHECK(f[0].path == "app/config.py");
      CHECK(f[0].severity == "error");
      CHECK(f[0].line == 3);
      CHECK_THAT(f[0].message, Catch::Contains(c.kind));
      CheckNotEchoed(f, c.secret);
    }
  }
}

TEST_CASE("secrets gives the column where the secret starts", "[engine][validation][secrets]") {
  TempDir dir;
  WriteFile(dir / "a.txt", "key AKIAQ3EGT7WXYZ4PLM2K here\n");
  auto f = Scan(dir, {"a.txt"});
  REQUIRE(f.size() == 1);
  CHECK(f[0].line == 1);
  CHECK(f[0].column == 5);
}

TEST_CASE("secrets blocks private keys", "[engine][validation][secrets]") {
  TempDir dir;
  const std::string body = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7";
  WriteFile(dir / "certs/key.pem",
            "-----BEGIN RSA PRIVATE KEY-----\n" + body + "\n-----END RSA PRIVATE KEY-----\n");
  WriteFile(dir / "notes.md", "x\n-----BEGIN OPENSSH PRIVATE KEY-----\n");
  auto f = Scan(dir, {"certs/key.pem", "notes.md"});
  REQUIRE(f.size() == 2);
  CHECK(f[0].path == "certs/key.pem");
  CHECK(f[0].line == 1);
  CHECK(f[1].path == "notes.md");
  CHECK(f[1].line == 2);
  CheckNotEchoed(f, body);
}

TEST_CASE("secrets blocks .env-style files but not their templates",
          "[engine][validation][secrets]") {
  TempDir dir;
  WriteFile(dir / ".env", "DEBUG=1\n");
  WriteFile(dir / "conf/.env.production", "DEBUG=0\n");
  WriteFile(dir / ".env.example", "API_KEY=\n");
  WriteFile(dir / "env.py", "x = 1\n");
  auto f = Scan(dir, {".env", "conf/.env.production", ".env.example", "env.py"});
  REQUIRE(f.size() == 2);
  CHECK(f[0].path == ".env");
  CHECK(f[1].path == "conf/.env.production");
  CHECK_FALSE(f[0].line);
  CHECK_THAT(f[0].message, Catch::Contains("exclude"));
}

TEST_CASE("secrets leaves ordinary code and placeholders and environment lookups alone",
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

TEST_CASE("secrets reports at most one finding per line and scans very long lines",
          "[engine][validation][secrets]") {
  TempDir dir;
  const std::string aws = "AKIAQ3EGT7WXYZ4PLM2K";
  WriteFile(dir / "min.js", std::string(20000, 'a') + " " + aws + " " + aws + "\n");
  auto f = Scan(dir, {"min.js"});
  REQUIRE(f.size() == 1);
  CHECK(f[0].line == 1);
  CHECK(f[0].column == 20002);
  CheckNotEchoed(f, aws);
}

TEST_CASE("secrets can be downgraded to warnings", "[engine][validation][secrets]") {
  TempDir dir;
  WriteFile(dir / ".env", "X=1\n");
  const json item = {{"type", "secrets"}, {"severity", "warning"}};
  auto r = RunValidationChain({ValidatorConfig{"secrets", false, item}}, false,
                              ValidationInput{dir.path(), {".env"}}, std::stop_token());
  REQUIRE(r.ok());
  REQUIRE(r->findings.size() == 1);
  CHECK(r->findings[0].severity == "warning");
  CHECK_FALSE(r->HasErrors());
}

}  // namespace
}  // namespace ua::engine
