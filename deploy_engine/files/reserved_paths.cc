#include "deploy_engine/files/reserved_paths.h"

#include "deploy_engine/state/layout.h"

namespace ua::engine {

bool IsReservedPath(std::string_view rel) {
  if (rel == kVersionFileName) return true;
  return rel.substr(0, sizeof(kStagingPrefix) - 1) == kStagingPrefix;
}

}  // namespace ua::engine
