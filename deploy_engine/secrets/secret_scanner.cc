#include "deploy_engine/secrets/secret_scanner.h"

#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <set>

#include "base/line_index.h"
#include "deploy_engine/secrets/builtin_secret_rules.h"

namespace ua::engine {
namespace {

RE2::Options RegexOptions() {
  RE2::Options options;
  options.set_log_errors(false);
  options.set_max_mem(64 << 20);
  return options;
}

std::string Lowercase(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower;
}

// A value made by a generator rather than a person: letters and digits, at least ten distinct
// characters.
bool LooksGenerated(std::string_view v) {
  if (v.size() < 16) return false;
  const bool digit =
      std::any_of(v.begin(), v.end(), [](unsigned char c) { return std::isdigit(c); });
  const bool alpha =
      std::any_of(v.begin(), v.end(), [](unsigned char c) { return std::isalpha(c); });
  std::set<char> distinct(v.begin(), v.end());
  return digit && alpha && distinct.size() >= 10;
}

bool OneRepeatedCharacter(std::string_view v) {
  return v.find_first_not_of(v.front()) == std::string_view::npos;
}

re2::StringPiece Piece(std::string_view text) { return {text.data(), text.size()}; }
std::string_view View(re2::StringPiece piece) { return {piece.data(), piece.size()}; }

struct CompiledAllowlist {
  std::vector<std::unique_ptr<RE2>> regexes;
  std::vector<std::unique_ptr<RE2>> paths;
  std::vector<std::string> stopwords;  // lowercase
  AllowTarget target = AllowTarget::kSecret;
  bool counted = true;

  bool SilencesPath(std::string_view path) const {
    return std::any_of(paths.begin(), paths.end(),
                       [&](const auto& re) { return RE2::PartialMatch(Piece(path), *re); });
  }
  bool SilencesMatch(std::string_view secret, std::string_view match, std::string_view line,
                     const std::string& secret_lower) const {
    const std::string_view target_text = target == AllowTarget::kSecret  ? secret
                                         : target == AllowTarget::kMatch ? match
                                                                         : line;
    if (std::any_of(regexes.begin(), regexes.end(),
                    [&](const auto& re) { return RE2::PartialMatch(Piece(target_text), *re); })) {
      return true;
    }
    return std::any_of(stopwords.begin(), stopwords.end(), [&](const std::string& word) {
      return secret_lower.find(word) != std::string::npos;
    });
  }
};

struct CompiledRule {
  SecretRuleSpec spec;
  std::unique_ptr<RE2> regex;  // null for a rule on names only
  std::unique_ptr<RE2> path;   // null: every file
  std::vector<CompiledAllowlist> allowlists;
};

Status RuleError(const std::string& id, const std::string& what) {
  return InvalidArgument("secret rule \"" + id + "\": " + what);
}

Result<std::unique_ptr<RE2>> CompileRegex(const std::string& id, const char* field,
                                          const std::string& pattern) {
  auto re = std::make_unique<RE2>(pattern, RegexOptions());
  if (!re->ok()) {
    return RuleError(id, std::string(field) + " does not compile as RE2: " + re->error());
  }
  return re;
}

Result<CompiledAllowlist> CompileAllowlist(const std::string& id, const SecretAllowlist& spec) {
  CompiledAllowlist out;
  for (const std::string& pattern : spec.regexes) {
    UA_ASSIGN_OR_RETURN(auto re, CompileRegex(id, "allowlist regex", pattern));
    out.regexes.push_back(std::move(re));
  }
  for (const std::string& pattern : spec.paths) {
    UA_ASSIGN_OR_RETURN(auto re, CompileRegex(id, "allowlist path", pattern));
    out.paths.push_back(std::move(re));
  }
  for (const std::string& word : spec.stopwords) out.stopwords.push_back(Lowercase(word));
  out.target = spec.target;
  out.counted = spec.counted;
  return out;
}

}  // namespace

struct SecretScanner::Compiled {
  std::vector<CompiledRule> rules;
  std::vector<CompiledAllowlist> global;
  std::unique_ptr<RE2::Set> set;  // null when it could not be built: every rule searches
  std::vector<size_t> set_rule;   // set index -> index in rules

  // Whether an allowlist silences the match; `counted` tells whether that should be reported.
  bool Silenced(const CompiledRule& rule, std::string_view path, std::string_view secret,
                std::string_view match, std::string_view line, bool* counted) const {
    const std::string secret_lower = Lowercase(secret);
    auto check = [&](const std::vector<CompiledAllowlist>& lists) {
      for (const CompiledAllowlist& list : lists) {
        if (list.SilencesPath(path) || list.SilencesMatch(secret, match, line, secret_lower)) {
          *counted = list.counted;
          return true;
        }
      }
      return false;
    };
    return check(rule.allowlists) || check(global);
  }
};

SecretScanner::SecretScanner(std::unique_ptr<Compiled> compiled) : compiled_(std::move(compiled)) {}
SecretScanner::~SecretScanner() = default;

size_t SecretScanner::rule_count() const { return compiled_->rules.size(); }

Result<std::shared_ptr<const SecretScanner>> SecretScanner::Compile(
    const std::vector<SecretRuleSpec>& rules, const std::vector<SecretAllowlist>& allowlists) {
  auto compiled = std::make_unique<Compiled>();
  std::set<std::string> ids;
  auto set = std::make_unique<RE2::Set>(RegexOptions(), RE2::UNANCHORED);
  for (const SecretRuleSpec& spec : rules) {
    if (spec.id.empty()) return InvalidArgument("a secret rule has no id; give every rule an id");
    if (!ids.insert(spec.id).second) {
      return RuleError(spec.id, "the id is used twice; give each rule its own id");
    }
    if (spec.regex.empty() && spec.path.empty()) {
      return RuleError(spec.id, "has neither a regex nor a path; give it at least one");
    }
    CompiledRule rule;
    rule.spec = spec;
    if (!spec.regex.empty()) {
      UA_ASSIGN_OR_RETURN(rule.regex, CompileRegex(spec.id, "regex", spec.regex));
      if (spec.secret_group < 0 || spec.secret_group > rule.regex->NumberOfCapturingGroups()) {
        return RuleError(spec.id, "secretGroup " + std::to_string(spec.secret_group) +
                                      " does not exist: the regex has " +
                                      std::to_string(rule.regex->NumberOfCapturingGroups()) +
                                      " capture groups");
      }
      std::string error;
      if (set->Add(Piece(spec.regex), &error) < 0) {
        return RuleError(spec.id, "regex does not compile as RE2: " + error);
      }
      compiled->set_rule.push_back(compiled->rules.size());
    }
    if (!spec.path.empty()) {
      UA_ASSIGN_OR_RETURN(rule.path, CompileRegex(spec.id, "path", spec.path));
    }
    for (const SecretAllowlist& list : spec.allowlists) {
      UA_ASSIGN_OR_RETURN(auto allow, CompileAllowlist(spec.id, list));
      rule.allowlists.push_back(std::move(allow));
    }
    compiled->rules.push_back(std::move(rule));
  }
  UA_ASSIGN_OR_RETURN(auto builtin,
                      CompileAllowlist("(built-in allowlist)", BuiltinSecretAllowlist()));
  compiled->global.push_back(std::move(builtin));
  for (const SecretAllowlist& list : allowlists) {
    UA_ASSIGN_OR_RETURN(auto allow, CompileAllowlist("(allowlist)", list));
    compiled->global.push_back(std::move(allow));
  }
  if (!compiled->set_rule.empty() && set->Compile()) compiled->set = std::move(set);
  return std::shared_ptr<const SecretScanner>(new SecretScanner(std::move(compiled)));
}

SecretScan SecretScanner::Scan(std::string_view path, std::string_view text) const {
  struct Hit {
    size_t rule;
    int line;
    int column;
    int end_line;
  };
  const Compiled& c = *compiled_;
  SecretScan scan;
  std::vector<Hit> hits;
  LineIndex lines(text);
  bool counted = false;

  // Which rules may match this file's text: the set's answer, or all of them.
  std::vector<size_t> candidates;
  if (!LooksBinary(text)) {
    std::vector<int> matched;
    RE2::Set::ErrorInfo error{};
    if (c.set == nullptr ||
        (!c.set->Match(Piece(text), &matched, &error) && error.kind != RE2::Set::kNoError)) {
      candidates = c.set_rule;
    } else {
      for (int index : matched) candidates.push_back(c.set_rule[static_cast<size_t>(index)]);
      std::sort(candidates.begin(), candidates.end());
    }
  }

  // Rules on names.
  for (size_t i = 0; i < c.rules.size(); ++i) {
    const CompiledRule& rule = c.rules[i];
    if (rule.regex != nullptr || !RE2::PartialMatch(Piece(path), *rule.path)) continue;
    if (c.Silenced(rule, path, path, path, "", &counted)) {
      scan.silenced += counted ? 1 : 0;
      continue;
    }
    hits.push_back({i, 0, 0, 0});
  }

  std::optional<std::string> lower;  // the text lowercased, for keywords; made on first use
  for (size_t i : candidates) {
    const CompiledRule& rule = c.rules[i];
    if (rule.path != nullptr && !RE2::PartialMatch(Piece(path), *rule.path)) continue;
    if (!rule.spec.keywords.empty()) {
      if (!lower) lower = Lowercase(text);
      if (std::none_of(rule.spec.keywords.begin(), rule.spec.keywords.end(),
                       [&](const std::string& k) { return lower->find(k) != std::string::npos; })) {
        continue;
      }
    }
    const int groups = rule.regex->NumberOfCapturingGroups();
    std::vector<re2::StringPiece> group(static_cast<size_t>(groups) + 1);
    size_t pos = 0;
    while (pos <= text.size() && rule.regex->Match(Piece(text), pos, text.size(), RE2::UNANCHORED,
                                                   group.data(), groups + 1)) {
      const std::string_view match = View(group[0]);
      std::string_view secret = match;
      if (rule.spec.secret_group > 0) {
        secret = View(group[static_cast<size_t>(rule.spec.secret_group)]);
      } else {
        for (int g = 1; g <= groups; ++g) {
          if (!group[static_cast<size_t>(g)].empty()) {
            secret = View(group[static_cast<size_t>(g)]);
            break;
          }
        }
      }
      const size_t match_end = static_cast<size_t>(match.data() - text.data()) + match.size();
      const size_t secret_start = static_cast<size_t>(secret.data() - text.data());
      const size_t secret_end = secret_start + secret.size();
      pos = std::max(pos + 1, secret.empty() ? match_end : secret_end);

      if (secret.empty() || OneRepeatedCharacter(secret)) continue;
      if (rule.spec.entropy > 0 && ShannonEntropy(secret) <= rule.spec.entropy) continue;
      if (rule.spec.must_look_generated && !LooksGenerated(secret)) continue;
      const std::string_view line = lines.LineAt(secret_start);
      if (c.Silenced(rule, path, secret, match, line, &counted)) {
        scan.silenced += counted ? 1 : 0;
        continue;
      }
      if (line.find(kAllowSecretComment) != std::string_view::npos) {
        ++scan.silenced;
        continue;
      }
      hits.push_back({i, lines.LineOf(secret_start), lines.ColumnOf(secret_start),
                      lines.LineOf(secret_end - 1)});
    }
  }

  std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) {
    return std::tie(a.line, a.rule, a.column) < std::tie(b.line, b.rule, b.column);
  });
  for (size_t k = 0; k < hits.size(); ++k) {
    if (k > 0 && hits[k].line == hits[k - 1].line) {  // one finding per line, spanning all
      scan.findings.back().end_line = std::max(scan.findings.back().end_line, hits[k].end_line);
      continue;
    }
    const SecretRuleSpec& spec = c.rules[hits[k].rule].spec;
    scan.findings.push_back({spec.id, spec.format, hits[k].line, hits[k].column, hits[k].end_line});
  }
  return scan;
}

}  // namespace ua::engine
