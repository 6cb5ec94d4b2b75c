#include "deploy_engine/validation/finding.h"

#include <algorithm>

namespace ua::engine {

size_t CountErrors(const std::vector<ValidationFinding>& findings) {
  return static_cast<size_t>(std::count_if(findings.begin(), findings.end(),
                                           [](const auto& f) { return f.severity == "error"; }));
}

}  // namespace ua::engine
