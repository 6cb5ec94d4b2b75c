// SecretScanner: finds credentials in the text of files with a compiled set of secret rules
// (secret_rule.h), reporting where each is (rule id, line, column), never what it is.
//
// How a file is scanned:
//   - rules with a `path` run only on files whose relative path matches it; a rule with a
//     path and no regex flags the file itself (line 0);
//   - one RE2::Set pass over the whole text tells which rules can match at all; only those
//     search the text (linear time: RE2 never backtracks);
//   - a match counts when its secret passes the rule's entropy and "looks generated" checks
//     and no allowlist (the rule's, the built-in one for placeholders and documented example
//     values, and the global ones the caller passes) silences it;
//   - a line carrying the comment `ua-deploy:allow-secret` is silenced;
//   - at most one finding per line: the earliest rule in the set's order.
// Silenced matches are counted, so a report can say how many were.
//
// A compiled scanner is immutable: share it between threads; Scan is const and thread-safe.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "deploy_engine/secrets/secret_rule.h"

namespace ua::engine {

// The comment that silences the findings on its line.
inline constexpr std::string_view kAllowSecretComment = "ua-deploy:allow-secret";

struct SecretFinding {
  std::string rule_id;
  std::string format;  // the rule's description of what it matches
  int line = 0;        // 1-based; 0 when the finding is about the file itself (its name)
  int column = 0;      // 1-based byte column where the secret starts; 0 with line 0
  int end_line = 0;    // the line where the secret ends (a private key spans lines); >= line
};

struct SecretScan {
  std::vector<SecretFinding> findings;  // in line order
  int silenced = 0;  // matches silenced by an allowlist or an allow-secret comment
};

class SecretScanner {
 public:
  // Compiles `rules` (in priority order) with `allowlists` applying to every rule. Placeholder
  // values and documented example values are always silenced. kInvalidArgument naming the
  // rule id and RE2's message when a regex does not compile, a secret group does not exist,
  // an id repeats, or a rule has neither a regex nor a path.
  static Result<std::shared_ptr<const SecretScanner>> Compile(
      const std::vector<SecretRuleSpec>& rules, const std::vector<SecretAllowlist>& allowlists);

  ~SecretScanner();
  SecretScanner(const SecretScanner&) = delete;
  SecretScanner& operator=(const SecretScanner&) = delete;

  // Scans one file: `path` relative to the source ('/'-separated), `text` its content. Text
  // with a NUL byte in its first 8 KiB is binary: only the rules on names apply to it.
  SecretScan Scan(std::string_view path, std::string_view text) const;

  size_t rule_count() const;

 private:
  struct Compiled;
  explicit SecretScanner(std::unique_ptr<Compiled> compiled);
  std::unique_ptr<Compiled> compiled_;
};

}  // namespace ua::engine
