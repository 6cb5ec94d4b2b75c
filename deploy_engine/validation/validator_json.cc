// json: every file of the plan ending in ".json" must parse; a finding gives line and column.

#include <memory>
#include <string>

#include "deploy_engine/validation/validator.h"

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
      (void)ReadJsonDocument(config_, severity_, input, rel, findings);
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
