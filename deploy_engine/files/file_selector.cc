#include "deploy_engine/files/file_selector.h"

#include "deploy_engine/files/reserved_paths.h"

namespace ua::engine {

FileSelector::FileSelector(std::vector<std::string> include, std::vector<std::string> exclude) {
  for (const std::string& p : include) include_.emplace_back(p);
  for (const std::string& p : exclude) exclude_.emplace_back(p);
}

bool FileSelector::IsExcluded(std::string_view rel) const {
  if (IsReservedPath(rel)) return true;
  std::vector<std::string_view> segs = SplitPath(rel);
  std::string prefix;
  for (std::string_view seg : segs) {
    if (!prefix.empty()) prefix += '/';
    prefix.append(seg);
    for (const Glob& g : exclude_) {
      if (g.Matches(prefix)) return true;
    }
  }
  return false;
}

bool FileSelector::IsManaged(std::string_view rel) const {
  bool included = false;
  for (const Glob& g : include_) {
    if (g.Matches(rel)) {
      included = true;
      break;
    }
  }
  return included && !IsExcluded(rel);
}

bool FileSelector::MayContainManaged(std::string_view dir_rel) const {
  if (SplitPath(dir_rel).empty()) return !include_.empty();
  if (IsExcluded(dir_rel)) return false;
  for (const Glob& g : exclude_) {
    if (g.MatchesEverythingBelow(dir_rel)) return false;
  }
  for (const Glob& g : include_) {
    if (g.CouldMatchBelow(dir_rel)) return true;
  }
  return false;
}

}  // namespace ua::engine
