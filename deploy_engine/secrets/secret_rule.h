// SecretRuleSpec: one rule for finding a credential, as written, before it is compiled: a
// built-in rule (builtin_secret_rules.h) or one read from a gitleaks rules file
// (gitleaks_rules.h). The fields mean what gitleaks' fields of the same names mean, so a
// team's rules file keeps its meaning here. SecretScanner (secret_scanner.h) compiles and runs
// them. Plain values; safe to copy between threads.
#pragma once

#include <string>
#include <vector>

namespace ua::engine {

// What on a finding is compared with an allowlist's regexes.
enum class AllowTarget { kSecret, kMatch, kLine };

// Matches that are known not to be secrets. A match is silenced when its file's path matches
// one of `paths`, or its target matches one of `regexes`, or the secret contains one of
// `stopwords` (case-insensitively). Regexes are RE2 syntax.
struct SecretAllowlist {
  std::vector<std::string> regexes;
  std::vector<std::string> paths;
  std::vector<std::string> stopwords;
  AllowTarget target = AllowTarget::kSecret;
  // Whether a match it silences counts in a scan's `silenced` (false for the built-in lists of
  // placeholders and example values, which are not findings at all).
  bool counted = true;
};

struct SecretRuleSpec {
  std::string id;      // names the rule in findings; unique in a rule set
  std::string format;  // what it matches, in words ("GitLab personal access token")
  // RE2 syntax, searched through the whole text of a file. Empty for a rule on file names only.
  std::string regex;
  // RE2 syntax on the relative path ('/'-separated); empty means every file. A rule with a
  // path and no regex flags the file itself.
  std::string path;
  // The capture group holding the secret; 0 = the first capture group that matched, or the
  // whole match when there is none.
  int secret_group = 0;
  // Shannon entropy (bits per character) the secret must exceed; 0 = no check.
  double entropy = 0;
  // Lowercase; the rule runs only on files containing one of them. Empty = every file.
  std::vector<std::string> keywords;
  // Built-in generic rules: the secret must also look generated (letters and digits, at least
  // ten distinct characters), not a word or a test value.
  bool must_look_generated = false;
  std::vector<SecretAllowlist> allowlists;  // this rule's own
};

// Shannon entropy of `text` in bits per character (0 for an empty text).
double ShannonEntropy(std::string_view text);

}  // namespace ua::engine
