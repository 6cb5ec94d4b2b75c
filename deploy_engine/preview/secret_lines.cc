#include "deploy_engine/preview/secret_lines.h"

#include <memory>
#include <vector>

#include "deploy_engine/secrets/builtin_secret_rules.h"
#include "deploy_engine/secrets/secret_scanner.h"

namespace ua::engine {
namespace {

// A name ending in a secret-like word that starts it or follows a separator (db_password,
// GITHUB_TOKEN, client_secret; not token_type, not compass), then '=' or ':', then a quoted literal
// of three or more characters, or, in config-file style, a bare value that ends the line. Any
// entropy: the validator's generic rule wants generated-looking values, a preview hides them all.
SecretRuleSpec AssignmentRule() {
  SecretRuleSpec rule;
  rule.id = "preview-secret-assignment";
  rule.format = "a literal assigned to a secret-like name";
  rule.regex = R"re((?im)(?:^|[^a-z0-9])(?:pass(?:word|wd|phrase)?|pwd|)re"
               R"re(secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credentials?)["']?)re"
               R"re([ \t]*[:=][ \t]*(["'][^"'\s]{3,}|[^\s"'(){}\[\],;]{4,}[ \t]*$))re";
  rule.secret_group = 1;
  return rule;
}

// The built-in rules and the assignment rule, compiled once: one pass of their set per file.
const SecretScanner* PreviewScanner() {
  static const std::shared_ptr<const SecretScanner> scanner = [] {
    std::vector<SecretRuleSpec> rules = BuiltinSecretRules();
    rules.push_back(AssignmentRule());
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
