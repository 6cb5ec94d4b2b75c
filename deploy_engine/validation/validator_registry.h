// The validator types ua-deploy knows, by config name ("json", "size", ...). Adding a type is
// one new validator_<type>.cc defining its factory plus one line in validator_registry.cc.
//
// The registry is a constant table; safe from any thread.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "deploy_engine/config/config.h"
#include "deploy_engine/validation/validator.h"

namespace ua::engine {

// The factory for `type`, or nullptr when unknown.
ValidatorFactory FindValidatorFactory(std::string_view type);
// Every known type name, in registration order.
std::vector<std::string> ValidatorTypeNames();
// FindValidatorFactory + call; an unknown type is kInvalidArgument listing the known ones.
Result<std::unique_ptr<Validator>> MakeValidator(const ValidatorConfig& config,
                                                 const std::filesystem::path& source_root);

}  // namespace ua::engine
