// secrets: blocks credentials in the files a deployment would write, with the rules of
// deploy_engine/secrets (built-in provider formats, .env-style names, and optionally a
// gitleaks rules file). A finding names the file, line, column and rule, never the value.
//
// Options:
//   rules_file     a gitleaks rules file (TOML), relative to the source or absolute; its
//                  rules run after the built-in ones and its allowlists apply to all
//   builtin_rules  false: only the rules file's rules (default true)
//   allow_paths    globs (profile syntax) whose matches are silenced, not reported
// Matches silenced by allow_paths, allowlists or `ua-deploy:allow-secret` comments are
// counted in one "info" finding.

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "base/glob.h"
#include "base/parallel_for.h"
#include "deploy_engine/secrets/builtin_secret_rules.h"
#include "deploy_engine/secrets/gitleaks_rules.h"
#include "deploy_engine/secrets/secret_scanner.h"
#include "deploy_engine/validation/validator.h"
#include "platform/fs_ops.h"

namespace ua::engine {
namespace {

std::string FindingMessage(const SecretFinding& f) {
  if (f.line == 0) {
    return f.format + " in the managed set (rule " + f.rule_id +
           "): it holds secrets that must not be deployed; add it to the profile's exclude";
  }
  return "possible " + f.format + " (rule " + f.rule_id +
         "; value not shown): remove it and read it from the environment at run time, or mark "
         "a false positive with a `ua-deploy:allow-secret` comment on its line";
}

class SecretsValidator : public Validator {
 public:
  SecretsValidator(ValidatorConfig config, std::string severity,
                   std::shared_ptr<const SecretScanner> scanner, std::vector<Glob> allow_paths)
      : config_(std::move(config)),
        severity_(std::move(severity)),
        scanner_(std::move(scanner)),
        allow_paths_(std::move(allow_paths)) {}

  Status Run(const ValidationInput& input, std::stop_token stop,
             std::vector<ValidationFinding>* findings) override {
    // Files are read and scanned on both cores; findings are reported in the files' order.
    struct FileScan {
      Status read = Status::Ok();
      SecretScan scan;
    };
    std::vector<FileScan> scans(input.files.size());
    ParallelFor(input.files.size(), stop, [&](size_t i) {
      auto text = fs::ReadFile(input.source_root / input.files[i]);
      if (!text.ok()) {
        scans[i].read = text.status();
        return;
      }
      scans[i].scan = scanner_->Scan(input.files[i], *text);
    });
    if (stop.stop_requested()) return Status(StatusCode::kCancelled, "validation cancelled");
    int silenced = 0;
    for (size_t i = 0; i < scans.size(); ++i) {
      const std::string& rel = input.files[i];
      if (!scans[i].read.ok()) {
        findings->push_back(
            MakeFinding(config_, rel, severity_, "cannot read: " + scans[i].read.message()));
        continue;
      }
      const SecretScan& scan = scans[i].scan;
      silenced += scan.silenced;
      if (AllowedPath(rel)) {
        silenced += static_cast<int>(scan.findings.size());
        continue;
      }
      for (const SecretFinding& f : scan.findings) {
        ValidationFinding finding =
            MakeFinding(config_, rel, severity_, FindingMessage(f),
                        f.line > 0 ? std::optional<int>(f.line) : std::nullopt,
                        f.line > 0 ? std::optional<int>(f.column) : std::nullopt);
        finding.rule = f.rule_id;
        findings->push_back(std::move(finding));
      }
    }
    if (silenced > 0) {
      findings->push_back(MakeFinding(
          config_, "", "info",
          std::to_string(silenced) +
              (silenced == 1 ? " possible secret was" : " possible secrets were") +
              " silenced by allow_paths, an allowlist or `ua-deploy:allow-secret` comments"));
    }
    return Status::Ok();
  }

 private:
  bool AllowedPath(const std::string& rel) const {
    for (const Glob& g : allow_paths_) {
      if (g.Matches(rel)) return true;
    }
    return false;
  }

  ValidatorConfig config_;
  std::string severity_;
  std::shared_ptr<const SecretScanner> scanner_;
  std::vector<Glob> allow_paths_;
};

}  // namespace

Result<std::unique_ptr<Validator>> NewSecretsValidator(const ValidatorConfig& config,
                                                       const std::filesystem::path& source_root) {
  UA_ASSIGN_OR_RETURN(std::string severity, SeverityOption(config));
  const nlohmann::json& o = config.options;
  std::vector<SecretRuleSpec> rules;
  std::vector<SecretAllowlist> allowlists;
  if (!o.contains("builtin_rules") || o["builtin_rules"] == true) {
    rules = BuiltinSecretRules();
  }
  if (o.contains("rules_file")) {
    if (!o["rules_file"].is_string() || o["rules_file"].get<std::string>().empty()) {
      return OptionError(config, "rules_file", "not a non-empty string",
                         "name a gitleaks rules file, e.g. \".gitleaks.toml\"");
    }
    const std::filesystem::path file = source_root / o["rules_file"].get<std::string>();
    auto loaded = LoadGitleaksRules(file);
    if (!loaded.ok()) {
      return OptionError(config, "rules_file", loaded.status().message(),
                         "point it at a gitleaks rules file (relative to the source)");
    }
    for (SecretRuleSpec& rule : loaded->rules) rules.push_back(std::move(rule));
    allowlists = std::move(loaded->allowlists);
  }
  if (rules.empty()) {
    return OptionError(config, "builtin_rules", "false, and no rules_file gives rules",
                       "keep the built-in rules or name a rules file with [[rules]]");
  }
  auto scanner = SecretScanner::Compile(rules, allowlists);
  if (!scanner.ok()) {
    return OptionError(config, "rules_file", scanner.status().message(),
                       "fix it in the rules file (RE2 syntax, as gitleaks rules use)");
  }
  std::vector<Glob> allow_paths;
  if (o.contains("allow_paths")) {
    const nlohmann::json& list = o["allow_paths"];
    if (!list.is_array() ||
        !std::all_of(list.begin(), list.end(), [](const auto& p) { return p.is_string(); })) {
      return OptionError(config, "allow_paths", "not an array of glob strings",
                         "list the paths to silence, e.g. [\"tests/fixtures/**\"]");
    }
    for (const auto& pattern : list) allow_paths.emplace_back(pattern.get<std::string>());
  }
  return std::unique_ptr<Validator>(std::make_unique<SecretsValidator>(
      config, severity, std::move(scanner).value(), std::move(allow_paths)));
}

}  // namespace ua::engine
