#include "deploy_engine/preview/secret_lines.h"

#include <re2/re2.h>

#include <memory>

#include "deploy_engine/secrets/builtin_secret_rules.h"
#include "deploy_engine/secrets/secret_scanner.h"

namespace ua::engine {
namespace {

const SecretScanner* BuiltinScanner() {
  static const std::shared_ptr<const SecretScanner> scanner = [] {
    auto compiled = SecretScanner::Compile(BuiltinSecretRules(), {});
    // The built-in rules are part of the program and compile in its tests; a failure here is a
    // defect, and without a scanner every line of every file counts as secret (below).
    return compiled.ok() ? std::move(compiled).value() : nullptr;
  }();
  return scanner.get();
}

// A name ending in a secret-like word after a separator (db_password, GITHUB_TOKEN,
// client_secret; not token_type, not compass), then '=' or ':', then a quoted literal; or, in
// config-file style, a line that ends in `name = value` / `name: value`.
const RE2& SecretAssignment() {
  static const RE2 re(
      R"re((?i)(?:^|[^a-z0-9_.-])(?:[a-z0-9_.-]*[_.-])?(pass(word|wd|phrase)?|pwd|secret|token|)re"
      R"re(api[_-]?key|access[_-]?key|private[_-]?key|credentials?)["']?\s*[:=]\s*)re"
      R"re((["'][^"'\s]{3,}|[^\s"'(){}\[\],;]{4,}\s*$))re");
  return re;
}

}  // namespace

SecretLines FindSecretLines(std::string_view path, std::string_view text) {
  SecretLines out;
  const SecretScanner* scanner = BuiltinScanner();
  if (scanner == nullptr) {
    out.whole_file = true;
    return out;
  }
  size_t count = 1;
  for (char c : text) count += c == '\n' ? 1 : 0;
  out.line.assign(count + 1, false);
  for (const SecretFinding& f : scanner->Scan(path, text).findings) {
    if (f.line == 0) {
      out.whole_file = true;
      return out;
    }
    for (int n = f.line; n <= f.end_line && static_cast<size_t>(n) < out.line.size(); ++n) {
      out.line[static_cast<size_t>(n)] = true;
    }
  }
  size_t start = 0;
  for (size_t n = 1; start <= text.size(); ++n) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(start, end - start);
    if (!out.line[n] && RE2::PartialMatch(line, SecretAssignment())) out.line[n] = true;
    start = end + 1;
  }
  return out;
}

}  // namespace ua::engine
