// forbid: patterns that must not occur in the files a deployment would write, such as a
// development database address in production templates. Each pattern is RE2 syntax, with the
// profile's message and an optional glob (profile syntax) limiting the files it applies to:
//
//   {"type": "forbid", "patterns": [{"pattern": "localhost:5432", "glob": "templates/*.json",
//     "message": "templates must use the production database"}]}
//
// A finding names the file, line and column and gives the profile's message, once per line
// and pattern; the matched text is not quoted. Binary files are skipped.

#include <re2/re2.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/glob.h"
#include "base/json_text.h"
#include "base/line_index.h"
#include "deploy_engine/validation/validator.h"
#include "platform/fs_ops.h"

namespace ua::engine {
namespace {

struct ForbiddenPattern {
  std::unique_ptr<RE2> regex;
  std::string message;
  std::optional<Glob> glob;
};

class ForbidValidator : public Validator {
 public:
  ForbidValidator(ValidatorConfig config, std::string severity,
                  std::vector<ForbiddenPattern> patterns)
      : config_(std::move(config)),
        severity_(std::move(severity)),
        patterns_(std::move(patterns)) {}

  Status Run(const ValidationInput& input, std::stop_token stop,
             std::vector<ValidationFinding>* findings) override {
    for (const std::string& rel : input.files) {
      if (stop.stop_requested()) return Status(StatusCode::kCancelled, "validation cancelled");
      std::vector<const ForbiddenPattern*> applicable;
      for (const ForbiddenPattern& p : patterns_) {
        if (!p.glob || p.glob->Matches(rel)) applicable.push_back(&p);
      }
      if (applicable.empty()) continue;
      auto text = fs::ReadFile(input.source_root / rel);
      if (!text.ok()) {
        findings->push_back(
            MakeFinding(config_, rel, severity_, "cannot read: " + text.status().message()));
        continue;
      }
      if (LooksBinary(*text)) continue;
      Scan(rel, *text, applicable, findings);
    }
    return Status::Ok();
  }

 private:
  void Scan(const std::string& rel, std::string_view text,
            const std::vector<const ForbiddenPattern*>& patterns,
            std::vector<ValidationFinding>* findings) const {
    LineIndex lines(text);
    for (size_t i = 0; i < patterns.size(); ++i) {
      const RE2& re = *patterns[i]->regex;
      re2::StringPiece match;
      size_t pos = 0;
      int last_line = 0;
      while (pos <= text.size() && re.Match(re2::StringPiece(text.data(), text.size()), pos,
                                            text.size(), RE2::UNANCHORED, &match, 1)) {
        const auto start = static_cast<size_t>(match.data() - text.data());
        pos = std::max(pos + 1, start + match.size());
        const int line = lines.LineOf(start);
        if (line == last_line) continue;
        last_line = line;
        findings->push_back(MakeFinding(config_, rel, severity_, patterns[i]->message, line,
                                        lines.ColumnOf(start)));
      }
    }
  }

  ValidatorConfig config_;
  std::string severity_;
  std::vector<ForbiddenPattern> patterns_;
};

}  // namespace

Result<std::unique_ptr<Validator>> NewForbidValidator(const ValidatorConfig& config,
                                                      const std::filesystem::path&) {
  UA_ASSIGN_OR_RETURN(std::string severity, SeverityOption(config));
  const nlohmann::json& o = config.options;
  if (!o.contains("patterns") || !o["patterns"].is_array() || o["patterns"].empty()) {
    return OptionError(config, "patterns", "missing or not a non-empty array",
                       "list what must not be deployed, e.g. [{\"pattern\": \"localhost:5432\", "
                       "\"message\": \"use the production database\"}]");
  }
  std::vector<ForbiddenPattern> patterns;
  for (size_t i = 0; i < o["patterns"].size(); ++i) {
    const nlohmann::json& item = o["patterns"][i];
    const std::string where = "patterns[" + std::to_string(i) + "]";
    const std::string pattern = StringMember(item, "pattern");
    const std::string message = StringMember(item, "message");
    if (pattern.empty() || message.empty()) {
      return OptionError(config, where, "needs a non-empty \"pattern\" and \"message\"",
                         "give the RE2 pattern and the message a person reads when it is found");
    }
    RE2::Options options;
    options.set_log_errors(false);
    auto regex = std::make_unique<RE2>(pattern, options);
    if (!regex->ok()) {
      return OptionError(config, where + ".pattern", "does not compile as RE2: " + regex->error(),
                         "fix the pattern (RE2 syntax; escape '.' as '\\\\.' to match a dot)");
    }
    std::optional<Glob> glob;
    if (item.contains("glob")) glob.emplace(StringMember(item, "glob"));
    patterns.push_back({std::move(regex), message, std::move(glob)});
  }
  return std::unique_ptr<Validator>(
      std::make_unique<ForbidValidator>(config, severity, std::move(patterns)));
}

}  // namespace ua::engine
