#include "base/glob.h"

#include <cstddef>

namespace ua {
namespace {

constexpr std::string_view kAnySegments = "**";

// Matches one bracket class starting at p[i] == '['. On success sets `matched` and returns the
// index after ']'; returns npos when the class is unterminated (then '[' is a literal).
size_t MatchClass(std::string_view p, size_t i, char c, bool& matched) {
  size_t j = i + 1;
  bool negate = false;
  if (j < p.size() && (p[j] == '!' || p[j] == '^')) {
    negate = true;
    ++j;
  }
  bool found = false;
  bool first = true;
  while (j < p.size() && (first || p[j] != ']')) {
    first = false;
    char lo = p[j];
    if (lo == '\\' && j + 1 < p.size()) lo = p[++j];
    char hi = lo;
    if (j + 2 < p.size() && p[j + 1] == '-' && p[j + 2] != ']') {
      hi = p[j + 2];
      if (hi == '\\' && j + 3 < p.size()) {
        hi = p[j + 3];
        ++j;
      }
      j += 2;
    }
    if (lo <= c && c <= hi) found = true;
    ++j;
  }
  if (j >= p.size()) return std::string_view::npos;
  matched = (found != negate) && c != '/';
  return j + 1;
}

bool MatchSegment(std::string_view p, std::string_view s) {
  size_t pi = 0, si = 0;
  size_t star_p = std::string_view::npos, star_s = 0;
  while (si < s.size()) {
    if (pi < p.size()) {
      char pc = p[pi];
      if (pc == '*') {
        while (pi < p.size() && p[pi] == '*') ++pi;
        star_p = pi;
        star_s = si;
        continue;
      }
      if (pc == '?') {
        ++pi;
        ++si;
        continue;
      }
      if (pc == '[') {
        bool matched = false;
        size_t next = MatchClass(p, pi, s[si], matched);
        if (next != std::string_view::npos) {
          if (matched) {
            pi = next;
            ++si;
            continue;
          }
        } else if (s[si] == '[') {
          ++pi;
          ++si;
          continue;
        }
      } else {
        if (pc == '\\' && pi + 1 < p.size()) pc = p[++pi];
        if (pc == s[si]) {
          ++pi;
          ++si;
          continue;
        }
      }
    }
    if (star_p == std::string_view::npos) return false;
    pi = star_p;
    si = ++star_s;
  }
  while (pi < p.size() && p[pi] == '*') ++pi;
  return pi == p.size();
}

using Segs = std::vector<std::string>;
using Path = std::vector<std::string_view>;

bool MatchFrom(const Segs& p, size_t pi, const Path& s, size_t si) {
  if (pi == p.size()) return si == s.size();
  if (p[pi] == kAnySegments) {
    return MatchFrom(p, pi + 1, s, si) || (si < s.size() && MatchFrom(p, pi, s, si + 1));
  }
  if (si == s.size()) return false;
  return MatchSegment(p[pi], s[si]) && MatchFrom(p, pi + 1, s, si + 1);
}

bool CouldMatchBelowFrom(const Segs& p, size_t pi, const Path& d, size_t di) {
  if (di == d.size()) return pi < p.size();
  if (pi == p.size()) return false;
  if (p[pi] == kAnySegments) {
    return CouldMatchBelowFrom(p, pi + 1, d, di) || CouldMatchBelowFrom(p, pi, d, di + 1);
  }
  return MatchSegment(p[pi], d[di]) && CouldMatchBelowFrom(p, pi + 1, d, di + 1);
}

bool EverythingBelowFrom(const Segs& p, size_t pi, const Path& d, size_t di) {
  if (di == d.size()) {
    if (pi == p.size()) return false;
    for (size_t i = pi; i < p.size(); ++i) {
      if (p[i] != kAnySegments) return false;
    }
    return true;
  }
  if (pi == p.size()) return false;
  if (p[pi] == kAnySegments) {
    return EverythingBelowFrom(p, pi + 1, d, di) || EverythingBelowFrom(p, pi, d, di + 1);
  }
  return MatchSegment(p[pi], d[di]) && EverythingBelowFrom(p, pi + 1, d, di + 1);
}

}  // namespace

std::vector<std::string_view> SplitPath(std::string_view path) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    if (end > start) out.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

Glob::Glob(std::string_view pattern) : pattern_(pattern) {
  std::string_view p = pattern;
  while (p.substr(0, 2) == "./") p.remove_prefix(2);
  bool trailing_slash = !p.empty() && p.back() == '/';
  for (std::string_view seg : SplitPath(p)) {
    if (seg == kAnySegments && !segments_.empty() && segments_.back() == kAnySegments) continue;
    segments_.emplace_back(seg);
  }
  if (trailing_slash && (segments_.empty() || segments_.back() != kAnySegments)) {
    segments_.emplace_back(kAnySegments);
  }
}

bool Glob::Matches(std::string_view relative_path) const {
  return MatchFrom(segments_, 0, SplitPath(relative_path), 0);
}

bool Glob::CouldMatchBelow(std::string_view dir) const {
  return CouldMatchBelowFrom(segments_, 0, SplitPath(dir), 0);
}

bool Glob::MatchesEverythingBelow(std::string_view dir) const {
  return EverythingBelowFrom(segments_, 0, SplitPath(dir), 0);
}

bool GlobMatch(std::string_view pattern, std::string_view relative_path) {
  return Glob(pattern).Matches(relative_path);
}

}  // namespace ua
