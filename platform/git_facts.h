// ReadGitFacts: the commit, branch and cleanliness of the git work tree holding a directory
// (libgit2; the repository is found by searching `dir` and its parents, like git does).
//
// dirty means: inside `dir`, a tracked file is modified, staged, deleted or renamed, or an
// untracked file exists that .gitignore does not ignore. Changes elsewhere in a bigger
// repository do not count, since only `dir` is deployed.
//
// Errors: not inside a repository -> kNotFound "not a git repository: <dir>"; a repository
// without commits -> kFailedPrecondition; anything libgit2 reports -> kIoError with its text.
// Safe from any thread (libgit2 is initialised once, thread-safely; each call opens its own
// repository handle).
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "base/status.h"

namespace ua {

struct GitFacts {
  std::string commit;                 // full 40-hex id of HEAD's commit
  std::string short_id;               // shortest unique abbreviation, at least 7 characters
  std::optional<std::string> branch;  // short branch name; nullopt when detached
  bool detached = false;
  bool dirty = false;
};

Result<GitFacts> ReadGitFacts(const std::filesystem::path& dir);

}  // namespace ua
