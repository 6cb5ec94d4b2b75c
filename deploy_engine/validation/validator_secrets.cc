// secrets: blocks credentials in the managed set: private keys, AWS access key ids, GitHub /
// OpenAI / Slack-style tokens, "Authorization: Bearer <token>", generic api_key = "<long
// random value>" assignments, and .env-style files (.env, .env.production; .env.example,
// .env.sample and .env.template are templates and only scanned). A finding names the file,
// line, column and kind of secret, never the value.

#include <algorithm>
#include <memory>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include "deploy_engine/validation/validator.h"
#include "platform/fs_ops.h"

namespace ua::engine {
namespace {

// Long lines are scanned in overlapping windows: std::regex recurses per character.
constexpr size_t kWindow = 4096;
constexpr size_t kOverlap = 512;

struct Rule {
  const char* kind;
  std::regex re;
  int value_group;  // sub-match holding the value to judge as random; 0 = any match counts
  int start_group;  // sub-match where the secret starts (the finding's column)
  // Lowercase strings of which the line must contain one for the rule to be tried: a cheap
  // filter that keeps std::regex off almost every line.
  std::vector<std::string_view> hints;
};

std::vector<Rule> MakeRules() {
  std::vector<Rule> rules;
  const auto add = [&rules](const char* kind, const char* pattern, bool icase, int value_group,
                            int start_group, std::vector<std::string_view> hints) {
    auto flags = std::regex::ECMAScript | std::regex::optimize;
    if (icase) flags |= std::regex::icase;
    rules.push_back({kind, std::regex(pattern, flags), value_group, start_group, std::move(hints)});
  };
  add("private key", R"(-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY( BLOCK)?-----)", false, 0, 0,
      {"private key"});
  add("AWS access key id", R"((^|[^A-Z0-9])((AKIA|ASIA|AGPA|AIDA|AROA)[A-Z0-9]{16})($|[^A-Z0-9]))",
      false, 0, 2, {"akia", "asia", "agpa", "aida", "aroa"});
  add("GitHub token",
      R"((^|[^A-Za-z0-9_])(gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{40,}))", false, 0, 2,
      {"ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"});
  add("OpenAI/Anthropic-style API key", R"((^|[^A-Za-z0-9_-])(sk-(proj-|ant-)?[A-Za-z0-9_-]{32,}))",
      false, 0, 2, {"sk-"});
  add("Slack token", R"((^|[^A-Za-z0-9])(xox[abposr]-[A-Za-z0-9-]{10,}))", false, 0, 2, {"xox"});
  add("bearer token", R"(authorization["']?\s*[:=]\s*["']?bearer\s+([A-Za-z0-9._~+/=-]{20,}))",
      true, 1, 0, {"bearer"});
  add("API key or secret assignment",
      R"(((api[_-]?key|secret|token|passw(or)?d|access[_-]?key)[a-z0-9_]*)["']?)"
      R"(\s*(:|=|:=)\s*["']([^"'\s]{16,})["'])",
      true, 5, 1, {"key", "secret", "token", "passw"});
  return rules;
}

const std::vector<Rule>& Rules() {
  static const std::vector<Rule> rules = MakeRules();
  return rules;
}

// A value that looks generated rather than a placeholder or a reference to the environment.
bool LooksRandom(std::string_view v) {
  if (v.size() < 16) return false;
  std::string lower(v);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const char* placeholder : {"example", "your", "placeholder", "changeme", "xxxx", "dummy",
                                  "redacted", "${", "<", "{{", "environ", "getenv"}) {
    if (lower.find(placeholder) != std::string::npos) return false;
  }
  const bool digit =
      std::any_of(v.begin(), v.end(), [](unsigned char c) { return std::isdigit(c); });
  const bool alpha =
      std::any_of(v.begin(), v.end(), [](unsigned char c) { return std::isalpha(c); });
  std::string distinct(v);
  std::sort(distinct.begin(), distinct.end());
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  return digit && alpha && distinct.size() >= 10;
}

bool IsEnvFile(std::string_view rel) {
  const size_t slash = rel.rfind('/');
  const std::string_view base = slash == std::string_view::npos ? rel : rel.substr(slash + 1);
  if (base == ".env") return true;
  if (base.substr(0, 5) != ".env.") return false;
  return base != ".env.example" && base != ".env.sample" && base != ".env.template";
}

class SecretsValidator : public Validator {
 public:
  SecretsValidator(ValidatorConfig config, std::string severity)
      : config_(std::move(config)), severity_(std::move(severity)) {}

  Status Run(const ValidationInput& input, std::stop_token stop,
             std::vector<ValidationFinding>* findings) override {
    for (const std::string& rel : input.files) {
      if (stop.stop_requested()) return Status(StatusCode::kCancelled, "validation cancelled");
      if (IsEnvFile(rel)) {
        findings->push_back(MakeFinding(
            config_, rel, severity_,
            ".env-style file in the managed set: it holds secrets that must not be deployed; "
            "add it to the profile's exclude"));
      }
      auto text = fs::ReadFile(input.source_root / rel);
      if (!text.ok()) {
        findings->push_back(
            MakeFinding(config_, rel, severity_, "cannot read: " + text.status().message()));
        continue;
      }
      if (text->find('\0') != std::string::npos) continue;  // binary: not a text credential
      ScanText(rel, *text, findings);
    }
    return Status::Ok();
  }

 private:
  void ScanText(const std::string& rel, std::string_view text,
                std::vector<ValidationFinding>* findings) {
    int line_no = 0;
    size_t start = 0;
    while (start <= text.size()) {
      size_t nl = text.find('\n', start);
      if (nl == std::string_view::npos) nl = text.size();
      ++line_no;
      ScanLine(rel, line_no, text.substr(start, nl - start), findings);
      if (nl == text.size()) break;
      start = nl + 1;
    }
  }

  void ScanLine(const std::string& rel, int line_no, std::string_view line,
                std::vector<ValidationFinding>* findings) {
    std::string lower(line);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    for (const Rule& rule : Rules()) {
      if (std::none_of(rule.hints.begin(), rule.hints.end(), [&lower](std::string_view h) {
            return lower.find(h) != std::string::npos;
          })) {
        continue;
      }
      for (size_t off = 0; off < line.size(); off += kWindow - kOverlap) {
        const std::string_view window = line.substr(off, kWindow);
        std::match_results<std::string_view::const_iterator> m;
        bool found = false;
        auto begin = window.begin();
        while (std::regex_search(begin, window.end(), m, rule.re)) {
          const auto& value = m[rule.value_group];
          if (rule.value_group == 0 ||
              LooksRandom(std::string_view(&*value.first, static_cast<size_t>(value.length())))) {
            const auto column = static_cast<int>(
                off + static_cast<size_t>(m[rule.start_group].first - window.begin()) + 1);
            findings->push_back(MakeFinding(
                config_, rel, severity_,
                "possible " + std::string(rule.kind) +
                    " (value not shown); remove it and read it from the environment at run time",
                line_no, column));
            found = true;
            break;
          }
          begin = m[0].second;
          if (m[0].length() == 0) break;
        }
        if (found) return;  // one finding per line is enough to act on
        if (off + kWindow >= line.size()) break;
      }
    }
  }

  ValidatorConfig config_;
  std::string severity_;
};

}  // namespace

Result<std::unique_ptr<Validator>> NewSecretsValidator(const ValidatorConfig& config,
                                                       const std::filesystem::path&) {
  UA_ASSIGN_OR_RETURN(std::string severity, SeverityOption(config));
  return std::unique_ptr<Validator>(std::make_unique<SecretsValidator>(config, severity));
}

}  // namespace ua::engine
