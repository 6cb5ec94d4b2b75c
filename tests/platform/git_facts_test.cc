#include "platform/git_facts.h"

#include <git2.h>

#include <catch2/catch.hpp>

#include "tests/support/temp_dir.h"

namespace ua {
namespace {

// Keeps the user's and the system's git config (excludesfile, init.defaultBranch) out of the
// tests: libgit2 looks for them under paths that do not exist.
void IsolateLibgit2() {
  static const bool done = [] {
    git_libgit2_init();
    for (int level : {GIT_CONFIG_LEVEL_SYSTEM, GIT_CONFIG_LEVEL_XDG, GIT_CONFIG_LEVEL_GLOBAL,
                      GIT_CONFIG_LEVEL_PROGRAMDATA}) {
      git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, level, "/nonexistent-ua-deploy-test");
    }
    return true;
  }();
  (void)done;
}

class TestRepo {
 public:
  explicit TestRepo(const std::filesystem::path& dir) : dir_(dir) {
    IsolateLibgit2();
    git_repository_init_options opts = GIT_REPOSITORY_INIT_OPTIONS_INIT;
    opts.flags = GIT_REPOSITORY_INIT_MKPATH;
    opts.initial_head = "main";
    REQUIRE(git_repository_init_ext(&repo_, dir.c_str(), &opts) == 0);
  }
  ~TestRepo() { git_repository_free(repo_); }

  // Stages everything not ignored and commits it; returns the commit id.
  std::string CommitAll(const char* message) {
    git_index* index = nullptr;
    REQUIRE(git_repository_index(&index, repo_) == 0);
    REQUIRE(git_index_add_all(index, nullptr, 0, nullptr, nullptr) == 0);
    REQUIRE(git_index_update_all(index, nullptr, nullptr, nullptr) == 0);
    REQUIRE(git_index_write(index) == 0);
    git_oid tree_id;
    REQUIRE(git_index_write_tree(&tree_id, index) == 0);
    git_index_free(index);
    git_tree* tree = nullptr;
    REQUIRE(git_tree_lookup(&tree, repo_, &tree_id) == 0);
    git_signature* sig = nullptr;
    REQUIRE(git_signature_new(&sig, "Test", "test@example.com", 1700000000, 0) == 0);
    git_commit* parent = nullptr;
    git_oid parent_id;
    if (git_reference_name_to_id(&parent_id, repo_, "HEAD") == 0) {
      REQUIRE(git_commit_lookup(&parent, repo_, &parent_id) == 0);
    }
    const git_commit* parents[] = {parent};
    git_oid id;
    REQUIRE(git_commit_create(&id, repo_, "HEAD", sig, sig, nullptr, message, tree, parent ? 1 : 0,
                              parents) == 0);
    git_commit_free(parent);
    git_signature_free(sig);
    git_tree_free(tree);
    char hex[GIT_OID_HEXSZ + 1] = {};
    git_oid_tostr(hex, sizeof hex, &id);
    return hex;
  }

  void Detach(const std::string& commit) {
    git_oid id;
    REQUIRE(git_oid_fromstr(&id, commit.c_str()) == 0);
    REQUIRE(git_repository_set_head_detached(repo_, &id) == 0);
  }

 private:
  std::filesystem::path dir_;
  git_repository* repo_ = nullptr;
};

GitFacts Facts(const std::filesystem::path& dir) {
  Result<GitFacts> f = ReadGitFacts(dir);
  INFO(f.status().ToString());
  REQUIRE(f.ok());
  return *f;
}

TEST_CASE("a clean repository gives commit and short id and branch", "[git_facts]") {
  testing::TempDir dir;
  TestRepo repo(dir.path());
  testing::WriteFile(dir / "server.py", "print(1)\n");
  testing::WriteFile(dir / ".gitignore", "*.log\n");
  const std::string commit = repo.CommitAll("first");
  GitFacts f = Facts(dir.path());
  CHECK(f.commit == commit);
  CHECK(f.commit.size() == 40);
  CHECK(f.short_id.size() >= 7);
  CHECK(f.commit.rfind(f.short_id, 0) == 0);
  CHECK(f.branch == "main");
  CHECK_FALSE(f.detached);
  CHECK_FALSE(f.dirty);

  SECTION("a modified tracked file makes it dirty") {
    testing::WriteFile(dir / "server.py", "print(2)\n");
    CHECK(Facts(dir.path()).dirty);
  }
  SECTION("a deleted tracked file makes it dirty") {
    std::filesystem::remove(dir / "server.py");
    CHECK(Facts(dir.path()).dirty);
  }
  SECTION("an untracked file that is not ignored makes it dirty") {
    testing::WriteFile(dir / "new.py", "x");
    CHECK(Facts(dir.path()).dirty);
  }
  SECTION("an untracked file inside a new directory makes it dirty") {
    testing::WriteFile(dir / "pkg/deep/new.py", "x");
    CHECK(Facts(dir.path()).dirty);
  }
  SECTION("an ignored untracked file keeps it clean") {
    testing::WriteFile(dir / "debug.log", "x");
    CHECK_FALSE(Facts(dir.path()).dirty);
  }
  SECTION("a subdirectory reports the repository's commit") {
    testing::WriteFile(dir / "sub/a.py", "a");
    repo.CommitAll("second");
    GitFacts sub = Facts(dir / "sub");
    CHECK(sub.commit != commit);
    CHECK_FALSE(sub.dirty);
    // Changes outside the deployed directory do not make it dirty.
    testing::WriteFile(dir / "server.py", "print(3)\n");
    CHECK_FALSE(Facts(dir / "sub").dirty);
    CHECK(Facts(dir.path()).dirty);
  }
}

TEST_CASE("a detached HEAD has no branch", "[git_facts]") {
  testing::TempDir dir;
  TestRepo repo(dir.path());
  testing::WriteFile(dir / "a.py", "1");
  const std::string first = repo.CommitAll("first");
  testing::WriteFile(dir / "a.py", "2");
  repo.CommitAll("second");
  repo.Detach(first);
  testing::WriteFile(dir / "a.py", "1");  // match the detached commit's tree
  GitFacts f = Facts(dir.path());
  CHECK(f.detached);
  CHECK_FALSE(f.branch.has_value());
  CHECK(f.commit == first);
}

TEST_CASE("no repository is NotFound and an unborn HEAD is FailedPrecondition", "[git_facts]") {
  testing::TempDir dir;
  Result<GitFacts> none = ReadGitFacts(dir.path());
  REQUIRE_FALSE(none.ok());
  CHECK(none.status().code() == StatusCode::kNotFound);
  CHECK(none.status().message() == "not a git repository: " + dir.path().string());

  TestRepo repo(dir / "repo");
  Result<GitFacts> unborn = ReadGitFacts(dir / "repo");
  REQUIRE_FALSE(unborn.ok());
  CHECK(unborn.status().code() == StatusCode::kFailedPrecondition);
  CHECK_THAT(unborn.status().message(), Catch::Contains("no commits"));
}

}  // namespace
}  // namespace ua
