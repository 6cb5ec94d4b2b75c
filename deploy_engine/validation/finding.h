// ValidationFinding: what one validator found wrong with one file (or with the change as a
// whole), as the deployer records it and the tools report it. Plain values; safe to copy
// between threads.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace ua::engine {

struct ValidationFinding {
  std::string validator;  // "json", "python_syntax", ...
  std::string path;       // relative to the source root; "" when not about one file
  std::optional<int> line;
  std::optional<int> column;
  std::string severity;  // "error" | "warning" | "info" (e.g. how many matches were silenced)
  std::string message;   // never contains a secret's value
  std::string rule;      // the rule that matched (secrets: "github-token", ...); "" if none
};

// How many of `findings` have severity "error".
size_t CountErrors(const std::vector<ValidationFinding>& findings);

}  // namespace ua::engine
