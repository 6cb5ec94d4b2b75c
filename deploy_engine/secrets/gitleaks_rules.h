// Reads a gitleaks rules file (TOML), so a team brings the secret rules its CI already uses:
//
//   [[rules]]                  id, regex, path, secretGroup, entropy, keywords, description;
//                              [rules.allowlist] / [[rules.allowlists]]
//   [allowlist] / [[allowlists]]  regexes, paths, stopwords, regexTarget ("secret" | "match" |
//                              "line"), description
//
// Other keys (title, tags, [extend]) are accepted and ignored: the built-in rules are turned on
// or off by the validator's own option. Regexes are RE2 syntax, which is the syntax gitleaks
// rules are written in; they are compiled (and a bad one reported) by SecretScanner::Compile.
// Stateless; thread-safe.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "deploy_engine/secrets/secret_rule.h"

namespace ua::engine {

struct GitleaksRules {
  std::vector<SecretRuleSpec> rules;
  std::vector<SecretAllowlist> allowlists;  // the file's global allowlists
};

// kInvalidArgument naming `source_name`, the line and column and what to fix when the TOML
// does not parse, and the rule (by id or position) when a field has the wrong type.
Result<GitleaksRules> ParseGitleaksRules(std::string_view toml_text,
                                         const std::string& source_name);

// Reads and parses `file`; kNotFound (naming it) when it cannot be read.
Result<GitleaksRules> LoadGitleaksRules(const std::filesystem::path& file);

}  // namespace ua::engine
