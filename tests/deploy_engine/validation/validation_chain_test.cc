#include "deploy_engine/validation/validation_chain.h"

#include <algorithm>
#include <filesystem>

#include <catch2/catch.hpp>

#include "base/glob.h"
#include "base/json_schema.h"
#include "deploy_engine/config/config.h"
#include "deploy_engine/validation/validator_registry.h"
#include "platform/environment.h"
#include "tests/support/example_sandbox.h"
#include "tests/support/temp_dir.h"

namespace ua::engine {
namespace {

using nlohmann::json;
using ua::testing::TempDir;
using ua::testing::WriteFile;

ValidatorConfig V(const json& item) {
  return ValidatorConfig{item["type"].get<std::string>(), item.value("required", false), item};
}

Result<ValidationReport> RunChain(const std::vector<ValidatorConfig>& validators, bool fail_fast,
                                  const TempDir& dir, std::vector<std::string> files) {
  return RunValidationChain(validators, fail_fast, ValidationInput{dir.path(), std::move(files)},
                            std::stop_token());
}

TEST_CASE("Every validator runs and all findings are collected by default",
          "[engine][validation]") {
  TempDir dir;
  WriteFile(dir / "bad.json", "{\"a\": }");
  WriteFile(dir / "big.txt", std::string(100, 'x'));
  auto r = RunChain({V({{"type", "json"}}), V({{"type", "size"}, {"max_bytes", 10}})}, false, dir,
                    {"bad.json", "big.txt"});
  REQUIRE(r.ok());
  REQUIRE(r->findings.size() == 2);
  CHECK(r->findings[0].validator == "json");
  CHECK(r->findings[0].path == "bad.json");
  CHECK(r->findings[1].validator == "size");
  CHECK(r->findings[1].path == "big.txt");
  CHECK(r->HasErrors());
  CHECK(r->ErrorCount() == 2);
}

TEST_CASE("fail_fast stops the chain after the first validator with an error",
          "[engine][validation]") {
  TempDir dir;
  WriteFile(dir / "bad.json", "{\"a\": }");
  WriteFile(dir / "big.txt", std::string(100, 'x'));
  auto r = RunChain({V({{"type", "json"}}), V({{"type", "size"}, {"max_bytes", 10}})}, true, dir,
                    {"bad.json", "big.txt"});
  REQUIRE(r.ok());
  REQUIRE(r->findings.size() == 1);
  CHECK(r->findings[0].validator == "json");
}

TEST_CASE("fail_fast goes on past validators that only warn", "[engine][validation]") {
  TempDir dir;
  WriteFile(dir / "big.txt", std::string(100, 'x'));
  WriteFile(dir / "bad.json", "[1,");
  auto r = RunChain(
      {V({{"type", "size"}, {"max_bytes", 10}, {"severity", "warning"}}), V({{"type", "json"}})},
      true, dir, {"big.txt", "bad.json"});
  REQUIRE(r.ok());
  REQUIRE(r->findings.size() == 2);
  CHECK(r->findings[0].severity == "warning");
  CHECK(r->findings[1].severity == "error");
}

TEST_CASE("Warnings alone do not block", "[engine][validation]") {
  TempDir dir;
  WriteFile(dir / "big.txt", std::string(100, 'x'));
  auto r = RunChain({V({{"type", "size"}, {"max_bytes", 10}, {"severity", "warning"}})}, false, dir,
                    {"big.txt"});
  REQUIRE(r.ok());
  REQUIRE(r->findings.size() == 1);
  CHECK(r->findings[0].severity == "warning");
  CHECK_FALSE(r->HasErrors());
  CHECK(r->ErrorCount() == 0);
}

TEST_CASE("A clean tree gives no findings", "[engine][validation]") {
  TempDir dir;
  WriteFile(dir / "ok.json", "{\"a\": 1}");
  WriteFile(dir / "ok.py", "x = 1\n");
  auto r = RunChain({V({{"type", "json"}}), V({{"type", "python_syntax"}}),
                     V({{"type", "secrets"}}), V({{"type", "size"}, {"max_bytes", 1000}})},
                    false, dir, {"ok.json", "ok.py"});
  REQUIRE(r.ok());
  CHECK(r->findings.empty());
  CHECK_FALSE(r->HasErrors());
}

TEST_CASE("An unknown validator type is a config error listing the known types",
          "[engine][validation]") {
  TempDir dir;
  auto r = RunChain({V({{"type", "json"}}), V({{"type", "yaml"}})}, false, dir, {});
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == StatusCode::kInvalidArgument);
  CHECK_THAT(r.status().message(), Catch::Contains("\"yaml\"") && Catch::Contains("json_schema"));
  CHECK_THAT(r.status().ToString(), Catch::Contains("validators[1]"));
}

TEST_CASE("Bad validator options are config errors that say what to write",
          "[engine][validation]") {
  TempDir dir;
  auto size = RunChain({V({{"type", "size"}})}, false, dir, {});
  REQUIRE_FALSE(size.ok());
  CHECK_THAT(size.status().message(), Catch::Contains("max_bytes"));
  auto severity = RunChain({V({{"type", "json"}, {"severity", "fatal"}})}, false, dir, {});
  REQUIRE_FALSE(severity.ok());
  CHECK_THAT(severity.status().message(), Catch::Contains("severity"));
  auto command = RunChain({V({{"type", "command"}, {"command", json::array()}})}, false, dir, {});
  REQUIRE_FALSE(command.ok());
  CHECK_THAT(command.status().message(), Catch::Contains("command"));
}

TEST_CASE("A config error is reported even after a failing validator under fail_fast",
          "[engine][validation]") {
  TempDir dir;
  WriteFile(dir / "bad.json", "{");
  auto r = RunChain({V({{"type", "json"}}), V({{"type", "size"}})}, true, dir, {"bad.json"});
  REQUIRE_FALSE(r.ok());
  CHECK_THAT(r.status().message(), Catch::Contains("max_bytes"));
}

TEST_CASE("A requested stop cancels the chain", "[engine][validation]") {
  TempDir dir;
  WriteFile(dir / "ok.json", "{}");
  std::stop_source stop;
  stop.request_stop();
  auto r = RunValidationChain({V({{"type", "json"}})}, false,
                              ValidationInput{dir.path(), {"ok.json"}}, stop.get_token());
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == StatusCode::kCancelled);
}

TEST_CASE("The registry knows the seven built-in validator types", "[engine][validation]") {
  CHECK(ValidatorTypeNames() == std::vector<std::string>{"json", "json_schema", "python_syntax",
                                                         "secrets", "size", "forbid", "command"});
  CHECK(FindValidatorFactory("json") != nullptr);
  CHECK(FindValidatorFactory("nope") == nullptr);
}

TEST_CASE("The config schema allows exactly the registered validator types",
          "[engine][validation]") {
  auto schema = JsonSchema::FromEmbedded("config.schema");
  REQUIRE(schema.ok());
  const json& profile =
      (*schema)->document()["properties"]["profiles"]["patternProperties"].begin().value();
  const json& types = profile["properties"]["validators"]["items"]["properties"]["type"]["enum"];
  CHECK(types.get<std::vector<std::string>>() == ValidatorTypeNames());
}

TEST_CASE("The built-in chain passes on the example dev tree", "[engine][validation]") {
  ua::testing::ExampleSandbox sandbox;
  const Profile p =
      BuiltinConfig(Environment::Fixed({{"HOME", "/home/u"}})).profiles.at(kDefaultProfileName);
  ValidationInput input{sandbox.dev(), {}};
  for (const auto& e : std::filesystem::recursive_directory_iterator(sandbox.dev())) {
    if (!e.is_regular_file()) continue;
    const std::string rel = e.path().lexically_relative(sandbox.dev()).generic_string();
    const auto matches = [&rel](const std::vector<std::string>& globs) {
      return std::any_of(globs.begin(), globs.end(),
                         [&rel](const std::string& g) { return GlobMatch(g, rel); });
    };
    if (matches(p.include) && !matches(p.exclude)) input.files.push_back(rel);
  }
  REQUIRE(input.files.size() >= 5);
  auto r = RunValidationChain(p.validators, p.fail_fast, input, std::stop_token());
  REQUIRE(r.ok());
  std::string described;
  for (const ValidationFinding& f : r->findings) described += f.path + ": " + f.message + "\n";
  CHECK(described == "");
}

json ProfileWithValidators(const json& validators) {
  return {{"profiles",
           {{"p",
             {{"source", "/src"},
              {"target", "/dst"},
              {"include", {"**"}},
              {"validators", validators}}}}}};
}

TEST_CASE("The config file accepts each validator type with its options", "[engine][validation]") {
  const json validators = json::parse(R"([
    {"type": "json"},
    {"type": "json_schema", "glob": "agents.json", "schema": "schemas/agents.json"},
    {"type": "python_syntax", "required": true, "python": "python3", "timeout_s": 30},
    {"type": "secrets", "severity": "warning"},
    {"type": "size", "max_bytes": 1048576},
    {"type": "command", "command": ["./check.sh", "--strict"], "timeout_s": 10}
  ])");
  auto c = ParseConfig(ProfileWithValidators(validators), "/cfg",
                       Environment::Fixed({{"HOME", "/home/u"}}));
  REQUIRE(c.ok());
  const Profile& p = c->profiles.at("p");
  REQUIRE(p.validators.size() == 6);
  CHECK(p.validators[2].required);
  CHECK(p.validators[5].options["command"][1] == "--strict");
}

TEST_CASE("The config file refuses missing and unknown validator options", "[engine][validation]") {
  const Environment env = Environment::Fixed({{"HOME", "/home/u"}});
  auto size = ParseConfig(ProfileWithValidators(json::parse(R"([{"type": "size"}])")), "/cfg", env);
  REQUIRE_FALSE(size.ok());
  CHECK_THAT(size.status().ToString(), Catch::Contains("/profiles/p/validators/0"));
  auto schema = ParseConfig(
      ProfileWithValidators(json::parse(R"([{"type": "json_schema", "glob": "*.json"}])")), "/cfg",
      env);
  REQUIRE_FALSE(schema.ok());
  auto command =
      ParseConfig(ProfileWithValidators(json::parse(R"([{"type": "command"}])")), "/cfg", env);
  REQUIRE_FALSE(command.ok());
  auto typo = ParseConfig(
      ProfileWithValidators(json::parse(R"([{"type": "size", "max_byte": 10}])")), "/cfg", env);
  REQUIRE_FALSE(typo.ok());
  CHECK_THAT(typo.status().ToString(), Catch::Contains("max_byte"));
  auto severity = ParseConfig(
      ProfileWithValidators(json::parse(R"([{"type": "json", "severity": "info"}])")), "/cfg", env);
  REQUIRE_FALSE(severity.ok());
}

}  // namespace
}  // namespace ua::engine
