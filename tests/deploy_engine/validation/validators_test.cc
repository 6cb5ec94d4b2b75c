// The json, json_schema, python_syntax, size and command validators, each passing and failing.
// The secrets validator has its own file.

#include <catch2/catch.hpp>

#include "deploy_engine/validation/validation_chain.h"
#include "platform/fs_ops.h"
#include "tests/support/temp_dir.h"

namespace ua::engine {
namespace {

using nlohmann::json;
using ua::testing::TempDir;
using ua::testing::WriteFile;

ValidatorConfig V(const json& item) {
  return ValidatorConfig{item["type"].get<std::string>(), item.value("required", false), item};
}

std::vector<ValidationFinding> Findings(const json& item, const TempDir& dir,
                                        std::vector<std::string> files) {
  auto r = RunValidationChain({V(item)}, false, ValidationInput{dir.path(), std::move(files)},
                              std::stop_token());
  REQUIRE(r.ok());
  return r->findings;
}

TEST_CASE("json passes valid files and ignores other extensions", "[engine][validation][json]") {
  TempDir dir;
  WriteFile(dir / "a.json", "{\"x\": [1, 2]}\n");
  WriteFile(dir / "notes.txt", "{ not json");
  CHECK(Findings({{"type", "json"}}, dir, {"a.json", "notes.txt"}).empty());
}

TEST_CASE("json reports the line and column of a syntax error", "[engine][validation][json]") {
  TempDir dir;
  WriteFile(dir / "templates/t.json", "{\n  \"a\": 1,\n  \"b\": ]\n}\n");
  auto f = Findings({{"type", "json"}}, dir, {"templates/t.json"});
  REQUIRE(f.size() == 1);
  CHECK(f[0].validator == "json");
  CHECK(f[0].path == "templates/t.json");
  CHECK(f[0].severity == "error");
  CHECK(f[0].line == 3);
  CHECK(f[0].column == 8);
  CHECK_THAT(f[0].message, Catch::StartsWith("invalid JSON: "));
}

TEST_CASE("json never quotes the broken token", "[engine][validation][json]") {
  TempDir dir;
  WriteFile(dir / "a.json", "{\"key\": \"hunter2-very-secret-value\n}");
  auto f = Findings({{"type", "json"}}, dir, {"a.json"});
  REQUIRE(f.size() == 1);
  CHECK(f[0].message.find("hunter2") == std::string::npos);
}

TEST_CASE("json_schema passes conforming files and names the JSON path of violations",
          "[engine][validation][json_schema]") {
  TempDir dir;
  WriteFile(dir / "schemas/agent.json", R"({
    "type": "object", "required": ["name"],
    "properties": {"name": {"type": "string"}, "tags": {"type": "array", "items": {"type": "string"}}}
  })");
  WriteFile(dir / "agents/good.json", R"({"name": "a", "tags": ["x"]})");
  WriteFile(dir / "agents/bad.json", R"({"name": "b", "tags": ["x", 7]})");
  WriteFile(dir / "other.json", R"({"tags": 1})");
  const json item = {
      {"type", "json_schema"}, {"glob", "agents/*.json"}, {"schema", "schemas/agent.json"}};
  CHECK(Findings(item, dir, {"agents/good.json", "other.json"}).empty());
  auto f = Findings(item, dir, {"agents/good.json", "agents/bad.json"});
  REQUIRE_FALSE(f.empty());
  CHECK(f[0].path == "agents/bad.json");
  CHECK(f[0].severity == "error");
  CHECK_THAT(f[0].message, Catch::StartsWith("/tags/1: "));
  CHECK(f.size() == 1);
  CHECK(f[0].message == "/tags/1: expected a string, got 7 (schema schemas/agent.json)");
}

TEST_CASE("json_schema findings say what the schema expects and never quote the file's strings",
          "[engine][validation][json_schema]") {
  TempDir dir;
  WriteFile(dir / "s.json", R"({"type": "object", "required": ["role"],
    "properties": {"role": {"enum": ["planner", "worker"]}}})");
  WriteFile(dir / "a.json", R"({"role": "hunter2-very-secret"})");
  auto f = Findings({{"type", "json_schema"}, {"glob", "*.json"}, {"schema", "s.json"}}, dir,
                    {"a.json"});
  REQUIRE(f.size() == 1);
  CHECK(f[0].message ==
        "/role: expected one of \"planner\", \"worker\", got a string of 19 characters "
        "(schema s.json)");
}

TEST_CASE("json_schema reports unparsable files with line and column",
          "[engine][validation][json_schema]") {
  TempDir dir;
  WriteFile(dir / "s.json", R"({"type": "object"})");
  WriteFile(dir / "a.json", "{\n\n  oops\n}");
  auto f = Findings({{"type", "json_schema"}, {"glob", "*.json"}, {"schema", "s.json"}}, dir,
                    {"a.json"});
  REQUIRE(f.size() == 1);
  CHECK(f[0].line == 3);
  CHECK(f[0].column == 3);
}

TEST_CASE("json_schema with a missing or broken schema file is a config error",
          "[engine][validation][json_schema]") {
  TempDir dir;
  auto missing = RunValidationChain(
      {V({{"type", "json_schema"}, {"glob", "*.json"}, {"schema", "nope.json"}})}, false,
      ValidationInput{dir.path(), {}}, std::stop_token());
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.status().code() == StatusCode::kInvalidArgument);
  CHECK_THAT(missing.status().message(), Catch::Contains("nope.json"));
  WriteFile(dir / "broken.json", "{");
  auto broken = RunValidationChain(
      {V({{"type", "json_schema"}, {"glob", "*.json"}, {"schema", "broken.json"}})}, false,
      ValidationInput{dir.path(), {}}, std::stop_token());
  REQUIRE_FALSE(broken.ok());
  CHECK_THAT(broken.status().message(), Catch::Contains("line 1"));
  auto no_glob = RunValidationChain({V({{"type", "json_schema"}, {"schema", "broken.json"}})},
                                    false, ValidationInput{dir.path(), {}}, std::stop_token());
  REQUIRE_FALSE(no_glob.ok());
  CHECK_THAT(no_glob.status().message(), Catch::Contains("glob"));
}

TEST_CASE("python_syntax passes valid files", "[engine][validation][python]") {
  TempDir dir;
  WriteFile(dir / "server.py", "def f(x):\n    return x + 1\n");
  WriteFile(dir / "workflow/r.py", "import os\nprint(os.sep)\n");
  CHECK(Findings({{"type", "python_syntax"}}, dir, {"server.py", "workflow/r.py"}).empty());
}

TEST_CASE("python_syntax reports line and column of every broken file in one run",
          "[engine][validation][python]") {
  TempDir dir;
  WriteFile(dir / "ok.py", "x = 1\n");
  WriteFile(dir / "a.py", "x = 1\ny = (2 +\n");
  WriteFile(dir / "workflow/b.py", "def f():\n    return 1\n  z = 3\n");
  WriteFile(dir / "c.py", "x = 1\nif x\n    pass\n");
  auto f = Findings({{"type", "python_syntax"}}, dir, {"ok.py", "a.py", "workflow/b.py", "c.py"});
  REQUIRE(f.size() == 3);
  CHECK(f[0].path == "a.py");
  CHECK(f[0].line == 2);
  CHECK(f[0].column == 5);
  CHECK(f[1].path == "workflow/b.py");
  CHECK(f[1].line == 3);
  CHECK_THAT(f[1].message, Catch::Contains("IndentationError"));
  CHECK(f[2].path == "c.py");
  CHECK(f[2].line == 2);
  CHECK(f[2].column == 5);
  for (const auto& finding : f) CHECK(finding.severity == "error");
  CHECK_FALSE(std::filesystem::exists(dir / "__pycache__"));
  CHECK_FALSE(std::filesystem::exists(dir / "workflow" / "__pycache__"));
}

TEST_CASE("python_syntax handles odd file names in one process", "[engine][validation][python]") {
  TempDir dir;
  WriteFile(dir / "we ird\"name.py", "x = [\n");
  auto f = Findings({{"type", "python_syntax"}}, dir, {"we ird\"name.py"});
  REQUIRE(f.size() == 1);
  CHECK(f[0].path == "we ird\"name.py");
  CHECK(f[0].line == 1);
}

TEST_CASE("python_syntax without an interpreter warns or blocks when required",
          "[engine][validation][python]") {
  TempDir dir;
  WriteFile(dir / "a.py", "x = 1\n");
  auto optional =
      Findings({{"type", "python_syntax"}, {"python", "no-such-python-ua"}}, dir, {"a.py"});
  REQUIRE(optional.size() == 1);
  CHECK(optional[0].severity == "warning");
  CHECK_THAT(optional[0].message, Catch::StartsWith("skipped"));
  auto required =
      Findings({{"type", "python_syntax"}, {"python", "no-such-python-ua"}, {"required", true}},
               dir, {"a.py"});
  REQUIRE(required.size() == 1);
  CHECK(required[0].severity == "error");
  CHECK_THAT(required[0].message, Catch::Contains("no-such-python-ua"));
}

TEST_CASE("python_syntax does not start python without .py files", "[engine][validation][python]") {
  TempDir dir;
  WriteFile(dir / "a.json", "{}");
  CHECK(Findings({{"type", "python_syntax"}, {"python", "no-such-python-ua"}, {"required", true}},
                 dir, {"a.json"})
            .empty());
}

TEST_CASE("size reports files over max_bytes only", "[engine][validation][size]") {
  TempDir dir;
  WriteFile(dir / "small", std::string(10, 'a'));
  WriteFile(dir / "exact", std::string(11, 'a'));
  WriteFile(dir / "large", std::string(12, 'a'));
  auto f = Findings({{"type", "size"}, {"max_bytes", 11}}, dir, {"small", "exact", "large"});
  REQUIRE(f.size() == 1);
  CHECK(f[0].path == "large");
  CHECK_THAT(f[0].message, Catch::Contains("12 bytes") && Catch::Contains("11 bytes"));
  CHECK_FALSE(f[0].line);
}

TEST_CASE("command gets the file list on stdin and runs in the source root",
          "[engine][validation][command]") {
  TempDir dir;
  WriteFile(dir / "a.json", "{}");
  WriteFile(dir / "sub/b.py", "x = 1\n");
  WriteFile(dir / "check.sh", "cat > seen.txt\npwd > cwd.txt\n", 0755);
  auto f =
      Findings({{"type", "command"}, {"command", {"sh", "check.sh"}}}, dir, {"a.json", "sub/b.py"});
  CHECK(f.empty());
  CHECK(ua::testing::ReadFileOrDie(dir / "seen.txt") == "a.json\nsub/b.py\n");
  CHECK(std::filesystem::equivalent(
      std::filesystem::path(ua::testing::ReadFileOrDie(dir / "cwd.txt")
                                .substr(0, ua::testing::ReadFileOrDie(dir / "cwd.txt").size() - 1)),
      dir.path()));
}

TEST_CASE("command blocks on a non-zero exit with the tail of its output",
          "[engine][validation][command]") {
  TempDir dir;
  auto f =
      Findings({{"type", "command"},
                {"command", {"sh", "-c", "echo checking; echo 'lint: 2 problems' >&2; exit 2"}}},
               dir, {"a"});
  REQUIRE(f.size() == 1);
  CHECK(f[0].severity == "error");
  CHECK(f[0].path.empty());
  CHECK_THAT(f[0].message, Catch::Contains("exit code 2") && Catch::Contains("lint: 2 problems") &&
                               Catch::Contains("checking"));
}

TEST_CASE("command that runs too long is killed and blocks", "[engine][validation][command]") {
  TempDir dir;
  auto f =
      Findings({{"type", "command"}, {"command", {"sleep", "30"}}, {"timeout_s", 0.3}}, dir, {"a"});
  REQUIRE(f.size() == 1);
  CHECK(f[0].severity == "error");
  CHECK_THAT(f[0].message, Catch::Contains("timed out after 0.3 s"));
}

TEST_CASE("command that cannot start blocks with the reason", "[engine][validation][command]") {
  TempDir dir;
  auto f = Findings({{"type", "command"}, {"command", {"no-such-checker-ua"}}}, dir, {"a"});
  REQUIRE(f.size() == 1);
  CHECK(f[0].severity == "error");
  CHECK_THAT(f[0].message, Catch::Contains("no-such-checker-ua"));
}

}  // namespace
}  // namespace ua::engine
