// Validator: one link of the validation chain (see validation_chain.h). A validator is built
// from its config item by a factory (validator_registry.h), then Run once over the plan's files.
//
// Run appends findings for what it found wrong; its Status is an error only when the check
// itself cannot be done for a reason the user must fix in the config (or kCancelled when
// `stop` was requested). Findings never contain a secret's value.
//
// A Validator is owned by the chain that created it and used by one thread.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/status.h"
#include "deploy_engine/config/config.h"
#include "deploy_engine/validation/finding.h"

namespace ua::engine {

// The files one chain checks.
struct ValidationInput {
  std::filesystem::path source_root;
  std::vector<std::string> files;  // relative to source_root, '/'-separated: added + modified
};

class Validator {
 public:
  virtual ~Validator() = default;
  virtual Status Run(const ValidationInput& input, std::stop_token stop,
                     std::vector<ValidationFinding>* findings) = 0;
};

// Builds a validator from its config item; kInvalidArgument (naming the option and what to
// write) when the options are unusable. `source_root` resolves option paths.
using ValidatorFactory = Result<std::unique_ptr<Validator>> (*)(
    const ValidatorConfig& config, const std::filesystem::path& source_root);

// Helpers shared by the validators.

// The item's "severity" option: "error" (default) or "warning"; anything else is an error.
Result<std::string> SeverityOption(const ValidatorConfig& config);
// kInvalidArgument: validator "size": option "max_bytes": <problem>; <fix>
Status OptionError(const ValidatorConfig& config, std::string_view option, std::string_view problem,
                   std::string_view fix);
// A finding of `config`'s validator; `path` is "" when it is not about one file.
ValidationFinding MakeFinding(const ValidatorConfig& config, std::string path, std::string severity,
                              std::string message, std::optional<int> line = std::nullopt,
                              std::optional<int> column = std::nullopt);
// Reads and parses the source file `rel` as JSON. When it cannot be read or does not parse,
// appends a finding (a syntax error with line and column, never quoting the document's text)
// and returns nullopt.
std::optional<nlohmann::json> ReadJsonDocument(const ValidatorConfig& config,
                                               const std::string& severity,
                                               const ValidationInput& input, const std::string& rel,
                                               std::vector<ValidationFinding>* findings);
// True when `name` (a relative path) ends in `suffix`, case-sensitively.
bool HasSuffix(std::string_view name, std::string_view suffix);

}  // namespace ua::engine
