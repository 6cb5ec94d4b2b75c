// Glob patterns over relative paths with '/' separators, as used by a profile's include and
// exclude lists.
//
// Semantics (always anchored at the root, matched segment by segment):
//   *        any run of characters inside one segment, including none and a leading '.'
//   ?        one character other than '/'
//   [abc] [a-z] [!a] [^a]  one character from (or not from) the class; never '/'
//   \c       the character c literally
//   **       as a whole segment: zero or more whole segments ("a/**" matches "a" too);
//            inside a segment it behaves like '*'
//   a/       a trailing slash means "everything below a": the same as "a/**"
// A leading "/" or "./" is ignored. Empty segments ("a//b") are ignored in patterns and paths.
//
// A Glob is an immutable value; safe to share between threads.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ua {

class Glob {
 public:
  explicit Glob(std::string_view pattern);

  const std::string& pattern() const { return pattern_; }

  // True when the whole relative path matches.
  bool Matches(std::string_view relative_path) const;
  // True when some path strictly below `dir` (dir + at least one more segment) could match.
  bool CouldMatchBelow(std::string_view dir) const;
  // True when every path strictly below `dir` matches (e.g. "logs/**" for dir "logs").
  // Conservative: false only means "not proven".
  bool MatchesEverythingBelow(std::string_view dir) const;

 private:
  std::string pattern_;
  std::vector<std::string> segments_;  // "**" marks a multi-segment wildcard
};

// One-shot form of Glob(pattern).Matches(relative_path).
bool GlobMatch(std::string_view pattern, std::string_view relative_path);

// Splits "a//b/c/" into {"a","b","c"}.
std::vector<std::string_view> SplitPath(std::string_view path);

}  // namespace ua
