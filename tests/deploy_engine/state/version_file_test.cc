#include "deploy_engine/state/version_file.h"

#include <catch2/catch.hpp>

#include "tests/support/temp_dir.h"

namespace ua::engine {
namespace {

TEST_CASE("VERSION round-trips and keeps unknown fields", "[version_file]") {
  testing::TempDir dir;
  VersionInfo v;
  v.version = "1.2.3";
  v.deployed = "2026-11-21T22:45:09.123Z";
  v.deployed_from = "/dev/src";
  v.git_commit = "abc";
  v.files_updated = 4;
  v.deployed_by = "cli:me";
  v.deployment_id = "d1";
  v.git_branch = "main";
  v.git_dirty = true;
  v.backup_id = "20261121T224509.123Z-v1.2.2";
  v.previous_version = "1.2.2";
  v.files_removed = 1;
  v.extra["rolled_back_from"] = "1.2.4";
  REQUIRE(WriteVersionFile(dir.path(), v).ok());

  VersionRead r = ReadVersionFile(dir.path());
  REQUIRE(r.state == VersionFileState::kOk);
  REQUIRE(r.info);
  CHECK(r.info->version == "1.2.3");
  CHECK(r.info->deployed == v.deployed);
  CHECK(r.info->files_updated == 4);
  CHECK(r.info->git_dirty);
  CHECK(r.info->backup_id == v.backup_id);
  CHECK(r.info->files_removed == 1);
  CHECK(r.info->extra["rolled_back_from"] == "1.2.4");
  CHECK(VersionToJson(*r.info) == VersionToJson(v));
  CHECK(std::string(VersionFileStateName(r.state)) == "ok");
}

TEST_CASE("an old-style VERSION with only the original fields reads fine", "[version_file]") {
  testing::TempDir dir;
  testing::WriteFile(dir / "VERSION", R"({"version": "0.3.0", "deployed": "2025-01-20T10:30:00",
    "deployed_from": "/x", "git_commit": null, "files_updated": 2, "deployed_by": "script"})");
  VersionRead r = ReadVersionFile(dir.path());
  REQUIRE(r.state == VersionFileState::kOk);
  CHECK(r.info->git_commit.empty());
  CHECK(r.info->deployed_by == "script");
  CHECK(r.info->extra.empty());
  CHECK_FALSE(VersionToJson(*r.info).contains("git_commit"));
}

TEST_CASE("a missing VERSION is missing and not corrupt", "[version_file]") {
  testing::TempDir dir;
  VersionRead r = ReadVersionFile(dir.path());
  CHECK(r.state == VersionFileState::kMissing);
  CHECK_FALSE(r.info);
  CHECK(std::string(VersionFileStateName(r.state)) == "missing");
  CHECK(ReadVersionFile(dir / "no-such-dir").state == VersionFileState::kMissing);
}

TEST_CASE("unusable VERSION files are corrupt with a reason", "[version_file]") {
  testing::TempDir dir;
  struct Case {
    const char* content;
    const char* reason;
  };
  for (const Case& c : {Case{"", "empty"}, Case{"  \n", "empty"},
                        Case{"{\"version\": ", "invalid JSON at line 1, column 13"},
                        Case{"[1, 2]", "expected an object"},
                        Case{R"({"version": 3, "deployed": "2026-01-01T00:00:00Z"})",
                             "/version: expected a non-empty string"},
                        Case{R"({"version": "1.0.0"})", "missing required key \"deployed\""},
                        Case{R"({"version": "1", "deployed": "yesterday"})", "/deployed"},
                        Case{R"({"version": "1", "deployed": "2026-01-01T00:00:00Z",
                                 "files_updated": -1})",
                             "/files_updated"}}) {
    testing::WriteFile(dir / "VERSION", c.content);
    VersionRead r = ReadVersionFile(dir.path());
    INFO(c.content);
    CHECK(r.state == VersionFileState::kCorrupt);
    CHECK_FALSE(r.info);
    CHECK_THAT(r.problem, Catch::Contains(c.reason));
  }
  CHECK(std::string(VersionFileStateName(VersionFileState::kCorrupt)) == "corrupt");
}

TEST_CASE("VersionFromJson refuses wrong types", "[version_file]") {
  Result<VersionInfo> v = VersionFromJson(
      nlohmann::json{{"version", "1"}, {"deployed", "2026-01-01T00:00:00Z"}, {"git_dirty", "yes"}});
  REQUIRE_FALSE(v.ok());
  CHECK(v.status().code() == StatusCode::kCorrupt);
  CHECK_THAT(v.status().message(), Catch::Contains("/git_dirty"));
}

}  // namespace
}  // namespace ua::engine
