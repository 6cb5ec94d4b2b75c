#include "deploy_engine/preview/secret_lines.h"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "deploy_engine/secrets/builtin_secret_rules.h"
#include "deploy_engine/secrets/secret_scanner.h"

namespace ua::engine {
namespace {

// A name ending in a secret-like word that starts it or follows a separator (db_password,
// GITHUB_TOKEN, client_secret; not token_type, not compass), then '=' or ':'.
constexpr std::string_view kSecretName =
    R"re((?:^|[^a-z0-9])(?:pass(?:word|wd|phrase)?|pwd|secret|token|api[_-]?key|)re"
    R"re(access[_-]?key|private[_-]?key|credentials?)["']?[ \t]*[:=][ \t]*)re";

// Such a name given a quoted literal of three or more characters, in any file. Any entropy: the
// validator's generic rule wants generated-looking values, a preview hides them all.
SecretRuleSpec QuotedAssignmentRule() {
  SecretRuleSpec rule;
  rule.id = "preview-secret-literal";
  rule.format = "a literal assigned to a secret-like name";
  rule.regex = "(?im)" + std::string(kSecretName) + R"re((["'][^"'\s]{3,}))re";
  rule.secret_group = 1;
  return rule;
}

// Such a name given a bare value that ends the line, in config files only (.ini, .yaml, .conf,
// .properties, ... and names without an extension): in code, `self.token = next_token` names
// a variable, not a secret.
SecretRuleSpec BareAssignmentRule() {
  SecretRuleSpec rule;
  rule.id = "preview-secret-setting";
  rule.format = "a setting of a secret-like name";
  rule.regex = "(?im)" + std::string(kSecretName) + R"re(([^\s"'(){}\[\],;]{4,})[ \t]*$)re";
  rule.path = R"re((?i)(\.(ini|cfg|conf|config|properties|ya?ml|toml|txt)$|(^|/)[^/.]+$))re";
  rule.secret_group = 1;
  return rule;
}

// The built-in rules and the two assignment rules, compiled once: one pass of their set per
// file.
const SecretScanner* PreviewScanner() {
  static const std::shared_ptr<const SecretScanner> scanner = [] {
    std::vector<SecretRuleSpec> rules = BuiltinSecretRules();
    rules.push_back(QuotedAssignmentRule());
    rules.push_back(BareAssignmentRule());
    auto compiled = SecretScanner::Compile(rules, {});
    // The rules are part of the program and compile in its tests; a failure here is a defect,
    // and without a scanner every file counts as secret (below).
    return compiled.ok() ? std::move(compiled).value() : nullptr;
  }();
  return scanner.get();
}

}  // namespace

void PrepareSecretLines() { (void)PreviewScanner(); }

SecretLines FindSecretLines(std::string_view path, std::string_view text) {
  SecretLines out;
  const SecretScanner* scanner = PreviewScanner();
  if (scanner == nullptr) {
    out.whole_file = true;
    return out;
  }
  for (const SecretFinding& f : scanner->Scan(path, text).findings) {
    if (f.line == 0) {
      out.whole_file = true;
      return out;
    }
    if (out.line.size() <= static_cast<size_t>(f.end_line)) {
      out.line.resize(static_cast<size_t>(f.end_line) + 1, false);
    }
    for (int n = f.line; n <= f.end_line; ++n) out.line[static_cast<size_t>(n)] = true;
  }
  return out;
}

}  // namespace ua::engine
