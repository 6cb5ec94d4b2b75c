#include <catch2/catch.hpp>

#include "deploy_engine/secrets/builtin_secret_rules.h"
#include "deploy_engine/secrets/secret_scanner.h"

namespace ua::engine {
namespace {

std::shared_ptr<const SecretScanner> Builtin() {
  auto scanner = SecretScanner::Compile(BuiltinSecretRules(), {});
  REQUIRE(scanner.ok());
  return *scanner;
}

SecretRuleSpec Custom(std::string id, std::string regex) {
  SecretRuleSpec rule;
  rule.id = std::move(id);
  rule.format = "custom";
  rule.regex = std::move(regex);
  return rule;
}

const std::string kGithub = "ghp_Zq8rT2mN5vB7xC1kL9pW3sD6fG4hJ0aE2yU8";

TEST_CASE("Every built-in rule compiles, with a unique id", "[engine][secrets]") {
  auto scanner = SecretScanner::Compile(BuiltinSecretRules(), {});
  REQUIRE(scanner.ok());
  CHECK((*scanner)->rule_count() == BuiltinSecretRules().size());
  CHECK(BuiltinSecretRules().size() >= 20);
}

TEST_CASE("A finding names the rule, line and column of the secret", "[engine][secrets]") {
  const SecretScan scan = Builtin()->Scan("a.sh", "# one\nexport TOKEN=" + kGithub + "\n");
  REQUIRE(scan.findings.size() == 1);
  CHECK(scan.findings[0].rule_id == "github-token");
  CHECK(scan.findings[0].line == 2);
  CHECK(scan.findings[0].column == 14);
  CHECK(scan.silenced == 0);
}

TEST_CASE("A secret at the very start or end of a file is found", "[engine][secrets]") {
  const SecretScan start = Builtin()->Scan("a.txt", kGithub);
  REQUIRE(start.findings.size() == 1);
  CHECK(start.findings[0].column == 1);
  const SecretScan inside = Builtin()->Scan("a.txt", "x" + kGithub);
  CHECK(inside.findings.empty());  // part of a longer word: not a token
}

TEST_CASE("One finding per line: the earliest rule wins", "[engine][secrets]") {
  // gcp-api-key and generic-secret-assignment both match; the specific rule comes first.
  const std::string key = "AIzaSyB3x9Qm2Lp7Rt4Vb8Nc1Kd6Fg0Hj5Ws3Az";
  const SecretScan scan = Builtin()->Scan("maps.js", "const GOOGLE_API_KEY = \"" + key + "\";\n");
  REQUIRE(scan.findings.size() == 1);
  CHECK(scan.findings[0].rule_id == "gcp-api-key");
}

TEST_CASE("Long lines and many lines are scanned whole", "[engine][secrets]") {
  const std::string text = std::string(200000, 'a') + " " + kGithub + "\n" +
                           std::string(5000, '\n') + "AKIAQ3EGT7WXYZ4PLM2K\n";
  const SecretScan scan = Builtin()->Scan("min.js", text);
  REQUIRE(scan.findings.size() == 2);
  CHECK(scan.findings[0].column == 200002);
  CHECK(scan.findings[1].line == 5002);
  CHECK(scan.findings[1].rule_id == "aws-access-key-id");
}

TEST_CASE("An allow-secret comment silences its line and is counted", "[engine][secrets]") {
  const SecretScan scan = Builtin()->Scan(
      "a.py", "A = '" + kGithub + "'  # ua-deploy:allow-secret\nB = '" + kGithub + "'\n");
  REQUIRE(scan.findings.size() == 1);
  CHECK(scan.findings[0].line == 2);
  CHECK(scan.silenced == 1);
}

TEST_CASE("Placeholders and documented examples are not findings and not counted",
          "[engine][secrets]") {
  const SecretScan scan = Builtin()->Scan("a.md",
                                          "AKIAIOSFODNN7EXAMPLE\n"
                                          "token = \"ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"\n"
                                          "url = postgres://app:${DB_PASSWORD}@db/app\n"
                                          "url = postgres://app:password@db/app\n"
                                          "api_key = \"0000000000000000000000\"\n");
  CHECK(scan.findings.empty());
  CHECK(scan.silenced == 0);
}

TEST_CASE("Binary files are checked by name only", "[engine][secrets]") {
  std::string binary = "\x89PNG";
  binary += '\0';
  binary += kGithub;
  CHECK(Builtin()->Scan("logo.png", binary).findings.empty());
  const SecretScan env = Builtin()->Scan("conf/prod.env", binary);
  REQUIRE(env.findings.size() == 1);
  CHECK(env.findings[0].rule_id == "env-file");
  CHECK(env.findings[0].line == 0);
}

TEST_CASE(".env names are findings; their templates are not", "[engine][secrets]") {
  auto scanner = Builtin();
  for (const char* name : {".env", "app/.env.production", "settings.env"}) {
    INFO(name);
    CHECK(scanner->Scan(name, "X=1\n").findings.size() == 1);
  }
  for (const char* name : {".env.example", "app/.env.sample", "env.py", "environment.md"}) {
    INFO(name);
    CHECK(scanner->Scan(name, "X=1\n").findings.empty());
  }
}

TEST_CASE("Entropy and secretGroup work as gitleaks defines them", "[engine][secrets]") {
  SecretRuleSpec rule = Custom("acme", "acme_(live|test)_([a-z0-9]{16})");
  rule.secret_group = 2;
  rule.entropy = 3.0;
  auto scanner = SecretScanner::Compile({rule}, {});
  REQUIRE(scanner.ok());
  const SecretScan scan =
      (*scanner)->Scan("a.txt", "k = acme_live_q8w2e7r4t1y9u3i6\nk = acme_live_aaaabbbbaaaabbbb\n");
  REQUIRE(scan.findings.size() == 1);  // the second is below the entropy threshold
  CHECK(scan.findings[0].line == 1);
  CHECK(scan.findings[0].column == 15);
}

TEST_CASE("Keywords gate a rule, case-insensitively", "[engine][secrets]") {
  SecretRuleSpec rule = Custom("digits", "[0-9]{12}");
  rule.keywords = {"account"};
  auto scanner = SecretScanner::Compile({rule}, {});
  REQUIRE(scanner.ok());
  CHECK((*scanner)->Scan("a.txt", "id 492817365012\n").findings.empty());
  CHECK((*scanner)->Scan("a.txt", "ACCOUNT 492817365012\n").findings.size() == 1);
}

TEST_CASE("Allowlists silence by path, regex or stopword, and are counted", "[engine][secrets]") {
  SecretAllowlist by_path{.regexes = {},
                          .paths = {"^fixtures/"},
                          .stopwords = {},
                          .target = AllowTarget::kSecret,
                          .counted = true};
  SecretAllowlist by_line{.regexes = {"^KNOWN"},
                          .paths = {},
                          .stopwords = {"q8w2"},
                          .target = AllowTarget::kLine,
                          .counted = true};
  auto scanner = SecretScanner::Compile({Custom("tok", "tok_[a-z0-9]{12}")}, {by_path, by_line});
  REQUIRE(scanner.ok());
  CHECK((*scanner)->Scan("fixtures/a.txt", "tok_abcdef123456\n").silenced == 1);
  CHECK((*scanner)->Scan("a.txt", "KNOWN tok_abcdef123456\n").silenced == 1);
  CHECK((*scanner)->Scan("a.txt", "x tok_q8w2ef123456\n").silenced == 1);
  const SecretScan scan = (*scanner)->Scan("a.txt", "x tok_abcdef123456\n");
  CHECK(scan.findings.size() == 1);
  CHECK(scan.silenced == 0);
}

TEST_CASE("A rule that cannot be compiled is named with RE2's reason", "[engine][secrets]") {
  auto bad = SecretScanner::Compile({Custom("broken", "(unclosed")}, {});
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().code() == StatusCode::kInvalidArgument);
  CHECK_THAT(bad.status().message(),
             Catch::Contains("secret rule \"broken\"") && Catch::Contains("missing )"));
  SecretRuleSpec group = Custom("group", "a(b)");
  group.secret_group = 2;
  auto no_group = SecretScanner::Compile({group}, {});
  REQUIRE_FALSE(no_group.ok());
  CHECK_THAT(no_group.status().message(), Catch::Contains("secretGroup 2 does not exist"));
  auto twice = SecretScanner::Compile({Custom("same", "a"), Custom("same", "b")}, {});
  REQUIRE_FALSE(twice.ok());
  CHECK_THAT(twice.status().message(), Catch::Contains("used twice"));
  auto empty = SecretScanner::Compile({Custom("nothing", "")}, {});
  REQUIRE_FALSE(empty.ok());
  CHECK_THAT(empty.status().message(), Catch::Contains("neither a regex nor a path"));
}

}  // namespace
}  // namespace ua::engine
