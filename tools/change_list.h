// How the tools present a set of file changes: the path lists of structuredContent and the
// "+added ~modified -removed" marks of the short human texts. Pure functions; any thread.
#pragma once

#include <string>
#include <vector>

#include "deploy_engine/files/plan.h"

namespace ua::tools {

std::vector<std::string> PathsOf(const std::vector<engine::PlannedFile>& files);

// "+a", "~b", "-c": added first, then modified, then removed.
std::vector<std::string> ChangeMarks(const std::vector<std::string>& added,
                                     const std::vector<std::string>& modified,
                                     const std::vector<std::string>& removed);

}  // namespace ua::tools
