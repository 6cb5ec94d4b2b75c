// RunValidationChain: the CHECKING step's validators, run in the profile's order over the
// plan's added and modified files (chain of responsibility; see validator.h).
//
// Guarantees: every validator runs and all findings are collected, unless `fail_fast` is set,
// in which case the chain stops after the first validator that reported an error. Findings of
// severity "error" block a deployment; "warning" never does. A finding never contains a
// secret's value. The Status is an error only when a validator's config is unusable (unknown
// type, bad option, json_schema's schema file missing or invalid); its message says what to
// fix. `stop` is checked between validators and between files (kCancelled); the one child
// process of python_syntax or command is bounded by its timeout_s.
//
// Stateless; safe to call from any thread (each call builds its own validators).
#pragma once

#include <filesystem>
#include <stop_token>
#include <string>
#include <vector>

#include "base/status.h"
#include "deploy_engine/config/config.h"
#include "deploy_engine/validation/finding.h"
#include "deploy_engine/validation/validator.h"

namespace ua::engine {

struct ValidationReport {
  std::vector<ValidationFinding> findings;
  bool HasErrors() const;
  size_t ErrorCount() const;
};

Result<ValidationReport> RunValidationChain(const std::vector<ValidatorConfig>& validators,
                                            bool fail_fast, const ValidationInput& input,
                                            std::stop_token stop);

}  // namespace ua::engine
