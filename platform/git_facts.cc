#include "platform/git_facts.h"

#include <git2.h>

#include <memory>

#include "platform/libgit2_init.h"

namespace ua {
namespace {

template <typename T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* p) const { Free(p); }
};
using RepoPtr = std::unique_ptr<git_repository, Deleter<git_repository, git_repository_free>>;
using RefPtr = std::unique_ptr<git_reference, Deleter<git_reference, git_reference_free>>;
using ObjectPtr = std::unique_ptr<git_object, Deleter<git_object, git_object_free>>;
using StatusListPtr =
    std::unique_ptr<git_status_list, Deleter<git_status_list, git_status_list_free>>;

void FreeBuf(git_buf* b) { git_buf_dispose(b); }

Status GitError(const std::string& what) {
  const git_error* e = git_error_last();
  return IoError(what + ": " + (e && e->message ? e->message : "unknown libgit2 error"));
}

// `dir` relative to the work tree, '/' separated; empty when dir is the work tree itself.
std::string RelativeToWorkdir(git_repository* repo, const std::filesystem::path& dir) {
  const char* workdir = git_repository_workdir(repo);
  if (!workdir) return {};
  std::error_code ec;
  std::filesystem::path wd = std::filesystem::weakly_canonical(workdir, ec);
  std::filesystem::path d = std::filesystem::weakly_canonical(dir, ec);
  std::filesystem::path rel = d.lexically_relative(wd);
  std::string s = rel.generic_string();
  if (s == "." || s.empty() || s.rfind("..", 0) == 0) return {};
  return s;
}

}  // namespace

Result<GitFacts> ReadGitFacts(const std::filesystem::path& dir) {
  EnsureLibgit2();
  git_repository* raw_repo = nullptr;
  int rc = git_repository_open_ext(&raw_repo, dir.c_str(), 0, nullptr);
  if (rc == GIT_ENOTFOUND) return NotFound("not a git repository: " + dir.string());
  if (rc != 0) return GitError("cannot open the git repository of " + dir.string());
  RepoPtr repo(raw_repo);

  GitFacts facts;
  if (git_repository_head_unborn(repo.get()) == 1) {
    return FailedPrecondition("the git repository of " + dir.string() +
                              " has no commits yet (unborn HEAD); commit once to deploy "
                              "with a git stamp");
  }
  git_reference* raw_head = nullptr;
  if (git_repository_head(&raw_head, repo.get()) != 0) {
    return GitError("cannot read HEAD of " + dir.string());
  }
  RefPtr head(raw_head);
  git_object* raw_commit = nullptr;
  if (git_reference_peel(&raw_commit, head.get(), GIT_OBJECT_COMMIT) != 0) {
    return GitError("HEAD of " + dir.string() + " does not name a commit");
  }
  ObjectPtr commit(raw_commit);
  char hex[GIT_OID_HEXSZ + 1] = {};
  git_oid_tostr(hex, sizeof hex, git_object_id(commit.get()));
  facts.commit = hex;
  git_buf short_buf = GIT_BUF_INIT;
  if (git_object_short_id(&short_buf, commit.get()) == 0) {
    facts.short_id.assign(short_buf.ptr, short_buf.size);
  } else {
    facts.short_id = facts.commit.substr(0, 7);
  }
  FreeBuf(&short_buf);

  facts.detached = git_repository_head_detached(repo.get()) == 1;
  if (!facts.detached) facts.branch = git_reference_shorthand(head.get());

  if (git_repository_is_bare(repo.get())) return facts;
  git_status_options opts = GIT_STATUS_OPTIONS_INIT;
  opts.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
  opts.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS |
               GIT_STATUS_OPT_EXCLUDE_SUBMODULES;
  std::string scope = RelativeToWorkdir(repo.get(), dir);
  char* scope_ptr = scope.data();
  if (!scope.empty()) {
    opts.pathspec.strings = &scope_ptr;
    opts.pathspec.count = 1;
  }
  git_status_list* raw_status = nullptr;
  if (git_status_list_new(&raw_status, repo.get(), &opts) != 0) {
    return GitError("cannot read git status of " + dir.string());
  }
  StatusListPtr status(raw_status);
  facts.dirty = git_status_list_entrycount(status.get()) > 0;
  return facts;
}

}  // namespace ua
