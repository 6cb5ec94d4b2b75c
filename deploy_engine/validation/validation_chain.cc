#include "deploy_engine/validation/validation_chain.h"

#include <algorithm>
#include <memory>
#include <utility>

#include "deploy_engine/validation/validator.h"
#include "deploy_engine/validation/validator_registry.h"

namespace ua::engine {

bool ValidationReport::HasErrors() const { return ErrorCount() > 0; }

size_t ValidationReport::ErrorCount() const { return CountErrors(findings); }

Result<ValidationReport> RunValidationChain(const std::vector<ValidatorConfig>& validators,
                                            bool fail_fast, const ValidationInput& input,
                                            std::stop_token stop) {
  // Every validator is built before any runs, so a config mistake is reported even when an
  // earlier validator would have stopped a fail_fast chain.
  std::vector<std::unique_ptr<Validator>> chain;
  for (size_t i = 0; i < validators.size(); ++i) {
    auto v = MakeValidator(validators[i], input.source_root);
    if (!v.ok()) {
      Status s = v.status();
      s.AddContext("validators[" + std::to_string(i) + "] of the profile");
      return s;
    }
    chain.push_back(std::move(v).value());
  }
  ValidationReport report;
  for (auto& validator : chain) {
    if (stop.stop_requested()) return Status(StatusCode::kCancelled, "validation cancelled");
    const size_t errors_before = report.ErrorCount();
    UA_RETURN_IF_ERROR(validator->Run(input, stop, &report.findings));
    if (fail_fast && report.ErrorCount() > errors_before) break;
  }
  return report;
}

}  // namespace ua::engine
