#include "deploy_engine/files/plan.h"

#include <sys/stat.h>

#include <catch2/catch.hpp>

#include "platform/sha256.h"
#include "tests/support/temp_dir.h"

namespace ua::engine {
namespace {

struct Fixture {
  testing::TempDir dir;
  Profile profile;
  HashCache cache = HashCache::InMemory();
  Fixture() {
    profile.name = std::string("t");
    profile.source = dir / "src";
    profile.target = dir / "dst";
    profile.backup_dir = dir / "bk";
    profile.include = {"*.py", "templates/*.json"};
    profile.exclude = {"*.tmp.py"};
  }
};

std::vector<std::string> Paths(const std::vector<PlannedFile>& files) {
  std::vector<std::string> out;
  for (const PlannedFile& f : files) out.push_back(f.path);
  return out;
}

TEST_CASE("plan sorts files into added and modified and removed and unchanged", "[plan]") {
  Fixture f;
  testing::WriteFile(f.dir / "src/same.py", "same");
  testing::WriteFile(f.dir / "dst/same.py", "same");
  testing::WriteFile(f.dir / "src/changed.py", "new content");
  testing::WriteFile(f.dir / "dst/changed.py", "old");
  testing::WriteFile(f.dir / "src/new.py", "added");
  testing::WriteFile(f.dir / "src/templates/t.json", "{}");
  testing::WriteFile(f.dir / "dst/gone.py", "bye");
  // Unmanaged files on either side are ignored.
  testing::WriteFile(f.dir / "src/notes.txt", "x");
  testing::WriteFile(f.dir / "dst/user-config.txt", "keep me");
  testing::WriteFile(f.dir / "dst/scratch.tmp.py", "excluded");
  testing::WriteFile(f.dir / "dst/VERSION", "{}");

  Result<Plan> plan = BuildPlan(f.profile, f.cache);
  REQUIRE(plan.ok());
  CHECK(plan->source_exists);
  CHECK(plan->target_exists);
  CHECK(Paths(plan->added) == std::vector<std::string>{"new.py", "templates/t.json"});
  CHECK(Paths(plan->modified) == std::vector<std::string>{"changed.py"});
  CHECK(Paths(plan->removed) == std::vector<std::string>{"gone.py"});
  CHECK(plan->unchanged == std::vector<std::string>{"same.py"});
  CHECK(plan->HasChanges());
  CHECK(plan->bytes_to_write == 5 + 2 + 11);

  const PlannedFile& m = plan->modified[0];
  CHECK(m.sha256 == Sha256Hex("new content"));
  CHECK(m.old_sha256 == Sha256Hex("old"));
  CHECK(m.size == 11);
  CHECK(m.old_size == 3u);
  const PlannedFile& r = plan->removed[0];
  CHECK(r.sha256 == Sha256Hex("bye"));
  CHECK(r.size == 3);
  CHECK_FALSE(plan->added[0].old_sha256.has_value());
}

TEST_CASE("a mode-only change is a modification", "[plan]") {
  Fixture f;
  testing::WriteFile(f.dir / "src/run.py", "x", 0755);
  testing::WriteFile(f.dir / "dst/run.py", "x", 0644);
  Result<Plan> plan = BuildPlan(f.profile, f.cache);
  REQUIRE(plan.ok());
  REQUIRE(plan->modified.size() == 1);
  CHECK(plan->modified[0].mode == 0755);
  CHECK(plan->modified[0].old_mode == 0644u);
  CHECK(plan->modified[0].sha256 == plan->modified[0].old_sha256);
}

TEST_CASE("identical trees have no changes", "[plan]") {
  Fixture f;
  testing::WriteFile(f.dir / "src/a.py", "a");
  testing::WriteFile(f.dir / "dst/a.py", "a");
  Result<Plan> plan = BuildPlan(f.profile, f.cache);
  REQUIRE(plan.ok());
  CHECK_FALSE(plan->HasChanges());
  CHECK(plan->bytes_to_write == 0);
}

TEST_CASE("a missing target means everything is added", "[plan]") {
  Fixture f;
  testing::WriteFile(f.dir / "src/a.py", "a");
  testing::WriteFile(f.dir / "src/b.py", "bb");
  Result<Plan> plan = BuildPlan(f.profile, f.cache);
  REQUIRE(plan.ok());
  CHECK_FALSE(plan->target_exists);
  CHECK(Paths(plan->added) == std::vector<std::string>{"a.py", "b.py"});
  CHECK(plan->removed.empty());
}

TEST_CASE("a missing source is NotFound naming the profile and path", "[plan]") {
  Fixture f;
  Result<Plan> plan = BuildPlan(f.profile, f.cache);
  REQUIRE_FALSE(plan.ok());
  CHECK(plan.status().code() == StatusCode::kNotFound);
  CHECK_THAT(plan.status().message(), Catch::Contains("'t'"));
  CHECK_THAT(plan.status().message(), Catch::Contains((f.dir / "src").string()));
}

TEST_CASE("escaping source symlinks are carried in the plan", "[plan]") {
  Fixture f;
  testing::TempDir outside;
  testing::WriteFile(outside / "x.py", "outside");
  testing::WriteFile(f.dir / "src/a.py", "a");
  std::filesystem::create_symlink(outside / "x.py", f.dir / "src/x.py");
  Result<Plan> plan = BuildPlan(f.profile, f.cache);
  REQUIRE(plan.ok());
  CHECK(plan->escaping_symlinks == std::vector<std::string>{"x.py"});
  CHECK(Paths(plan->added) == std::vector<std::string>{"a.py"});
}

TEST_CASE("unreadable managed source files fail the plan", "[plan]") {
  if (::geteuid() == 0) return;  // root reads everything
  Fixture f;
  testing::WriteFile(f.dir / "src/a.py", "a");
  testing::WriteFile(f.dir / "src/templates/t.json", "{}");
  REQUIRE(::chmod((f.dir / "src/templates").c_str(), 0) == 0);
  Result<Plan> plan = BuildPlan(f.profile, f.cache);
  REQUIRE_FALSE(plan.ok());
  CHECK(plan.status().code() == StatusCode::kPermissionDenied);
  CHECK_THAT(plan.status().message(), Catch::Contains("templates/"));
}

}  // namespace
}  // namespace ua::engine
