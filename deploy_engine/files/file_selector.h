// FileSelector: decides which relative paths of a tree are managed by a profile.
//
// A file is managed when it matches at least one include glob and is not excluded. A path is
// excluded when an exclude glob matches it or any of its parent directories (so "node_modules"
// or "logs/" excludes everything below, as in .gitignore). Globs follow glob.h. Paths that
// belong to ua-deploy itself (reserved_paths.h) are always excluded.
//
// Immutable after construction; safe to share between threads.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/glob.h"

namespace ua::engine {

class FileSelector {
 public:
  FileSelector(std::vector<std::string> include, std::vector<std::string> exclude);

  // Matches an include and no exclude (see above).
  bool IsManaged(std::string_view rel) const;
  // False when no managed file can exist below the directory `dir_rel`: every include is
  // unable to reach below it, or an exclude covers it. A walk may skip such a directory.
  bool MayContainManaged(std::string_view dir_rel) const;
  // True when an exclude matches `rel` or one of its parent directories.
  bool IsExcluded(std::string_view rel) const;

 private:
  std::vector<Glob> include_;
  std::vector<Glob> exclude_;
};

}  // namespace ua::engine
