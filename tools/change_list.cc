#include "tools/change_list.h"

namespace ua::tools {

std::vector<std::string> PathsOf(const std::vector<engine::PlannedFile>& files) {
  std::vector<std::string> out;
  out.reserve(files.size());
  for (const auto& f : files) out.push_back(f.path);
  return out;
}

std::vector<std::string> ChangeMarks(const std::vector<std::string>& added,
                                     const std::vector<std::string>& modified,
                                     const std::vector<std::string>& removed) {
  std::vector<std::string> marks;
  marks.reserve(added.size() + modified.size() + removed.size());
  for (const auto& p : added) marks.push_back("+" + p);
  for (const auto& p : modified) marks.push_back("~" + p);
  for (const auto& p : removed) marks.push_back("-" + p);
  return marks;
}

}  // namespace ua::tools
