#include <catch2/catch.hpp>

#include "deploy_engine/secrets/gitleaks_rules.h"
#include "deploy_engine/secrets/secret_scanner.h"
#include "tests/support/temp_dir.h"

namespace ua::engine {
namespace {

const std::filesystem::path kTeamRules = UA_SOURCE_DIR "/tests/fixtures/gitleaks-team.toml";

TEST_CASE("A gitleaks rules file becomes rules and allowlists", "[engine][secrets][gitleaks]") {
  auto parsed = LoadGitleaksRules(kTeamRules);
  REQUIRE(parsed.ok());
  REQUIRE(parsed->rules.size() == 3);
  const SecretRuleSpec& acme = parsed->rules[0];
  CHECK(acme.id == "acme-api-key");
  CHECK(acme.format == "Acme API key");
  CHECK(acme.secret_group == 2);
  CHECK(acme.entropy == 3.0);
  CHECK(acme.keywords == std::vector<std::string>{"acme_"});
  REQUIRE(acme.allowlists.size() == 1);
  CHECK(acme.allowlists[0].stopwords == std::vector<std::string>{"deadbeef"});
  CHECK(parsed->rules[1].id == "internal-token");
  CHECK(parsed->rules[2].path == R"((^|/)env\.dump$)");
  REQUIRE(parsed->allowlists.size() == 1);
  CHECK(parsed->allowlists[0].target == AllowTarget::kMatch);

  auto scanner = SecretScanner::Compile(parsed->rules, parsed->allowlists);
  REQUIRE(scanner.ok());
  const std::string live = "acme_live_4k9q2m7x1z8c3v6b0n5w2e7r9t1y4u8i";
  CHECK((*scanner)->Scan("app/a.py", "k = '" + live + "'\n").findings.size() == 1);
  CHECK((*scanner)->Scan("tests/a.py", "k = '" + live + "'\n").silenced == 1);
  CHECK(
      (*scanner)->Scan("app/a.py", "k = 'acme_test_4k9q2m7x1z8c3v6b0n5w2e7r9t1y4u8i'\n").silenced ==
      1);
  CHECK(
      (*scanner)->Scan("app/b.py", "k = 'acme_live_deadbeef2m7x1z8c3v6b0n5w2e7r9t1y'\n").silenced ==
      1);
  const SecretScan dump = (*scanner)->Scan("ops/env.dump", "anything\n");
  REQUIRE(dump.findings.size() == 1);
  CHECK(dump.findings[0].rule_id == "env-dump");
}

TEST_CASE("The new-style [[allowlists]] are read too", "[engine][secrets][gitleaks]") {
  auto parsed = ParseGitleaksRules(
      "[[allowlists]]\npaths = ['a']\n[[allowlists]]\nstopwords = ['b']\n"
      "[[rules]]\nid = 'r'\nregex = 'x'\n[[rules.allowlists]]\nregexes = ['y']\n",
      "new.toml");
  REQUIRE(parsed.ok());
  CHECK(parsed->allowlists.size() == 2);
  REQUIRE(parsed->rules.size() == 1);
  CHECK(parsed->rules[0].allowlists.size() == 1);
}

TEST_CASE("A broken rules file is a clear error", "[engine][secrets][gitleaks]") {
  struct Case {
    const char* toml;
    const char* says;
  };
  for (const Case& c : {
           Case{"[[rules]]\nid = 'a'\nregex = \n", "bad.toml:3:"},
           Case{"[[rules]]\nregex = 'x'\n", "rule #1: id: missing"},
           Case{"[[rules]]\nid = 'k'\nkeywords = 'x'\n", "rule \"k\": keywords: must be an array"},
           Case{"[[rules]]\nid = 'e'\nentropy = 'high'\n", "rule \"e\": entropy: must be a number"},
           Case{"[[rules]]\nid = 'g'\nsecretGroup = -1\n", "rule \"g\": secretGroup"},
           Case{"rules = 3\n", "rules: must be an array of tables"},
           Case{"[allowlist]\nregexTarget = 'file'\n", "regexTarget: must be"},
           Case{"[[allowlists]]\ncondition = 'AND'\n", "condition: only \"OR\""},
       }) {
    INFO(c.toml);
    auto parsed = ParseGitleaksRules(c.toml, "bad.toml");
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.status().code() == StatusCode::kInvalidArgument);
    CHECK_THAT(parsed.status().message(), Catch::Contains(c.says) && Catch::Contains("bad.toml"));
  }
}

TEST_CASE("A missing rules file is named", "[engine][secrets][gitleaks]") {
  testing::TempDir dir;
  auto loaded = LoadGitleaksRules(dir / "nope.toml");
  REQUIRE_FALSE(loaded.ok());
  CHECK(loaded.status().code() == StatusCode::kNotFound);
  CHECK_THAT(loaded.status().message(), Catch::Contains("nope.toml"));
}

}  // namespace
}  // namespace ua::engine
