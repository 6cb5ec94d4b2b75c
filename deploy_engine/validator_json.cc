// json: every file of the plan ending in ".json" must parse; a finding gives line and column.

#include <memory>
#include <string>

#include "deploy_engine/fs_ops.h"
#include "deploy_engine/json_text.h"
#include "deploy_engine/validator.h"

namespace ua::engine {
namespace {

class JsonValidator : public Validator {
 public:
  JsonValidator(ValidatorConfig config, std::string severity)
      : config_(std::move(config)), severity_(std::move(severity)) {}

  Status Run(const ValidationInput& input, std::stop_token stop,
             std::vector<ValidationFinding>* findings) override {
    for (const std::string& rel : input.files) {
      if (!HasSuffix(rel, ".json")) continue;
      if (stop.stop_requested()) return Status(StatusCode::kCancelled, "validation cancelled");
      auto text = fs::ReadFile(input.source_root / rel);
      if (!text.ok()) {
        findings->push_back(
            MakeFinding(config_, rel, severity_, "cannot read: " + text.status().message()));
        continue;
      }
      auto doc = ParseJsonText(*text);
      if (doc.ok()) continue;
      JsonSyntaxError e = DescribeJsonSyntaxError(doc.status().message());
      findings->push_back(
          MakeFinding(config_, rel, severity_, "invalid JSON: " + e.reason, e.line, e.column));
    }
    return Status::Ok();
  }

 private:
  ValidatorConfig config_;
  std::string severity_;
};

}  // namespace

Result<std::unique_ptr<Validator>> NewJsonValidator(const ValidatorConfig& config,
                                                    const std::filesystem::path&) {
  UA_ASSIGN_OR_RETURN(std::string severity, SeverityOption(config));
  return std::unique_ptr<Validator>(std::make_unique<JsonValidator>(config, severity));
}

}  // namespace ua::engine
