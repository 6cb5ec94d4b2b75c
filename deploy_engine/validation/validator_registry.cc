#include "deploy_engine/validation/validator_registry.h"

#include <utility>

namespace ua::engine {

// One line per validator type: its config name and the factory its validator_<type>.cc
// defines.
#define UA_VALIDATOR_TYPES(X)                  \
  X("json", NewJsonValidator)                  \
  X("json_schema", NewJsonSchemaValidator)     \
  X("python_syntax", NewPythonSyntaxValidator) \
  X("secrets", NewSecretsValidator)            \
  X("size", NewSizeValidator)                  \
  X("forbid", NewForbidValidator)              \
  X("command", NewCommandValidator)

#define UA_DECLARE_FACTORY(name, factory)                                   \
  Result<std::unique_ptr<Validator>> factory(const ValidatorConfig& config, \
                                             const std::filesystem::path& source_root);
UA_VALIDATOR_TYPES(UA_DECLARE_FACTORY)
#undef UA_DECLARE_FACTORY

namespace {

struct Entry {
  std::string_view type;
  ValidatorFactory factory;
};

#define UA_ENTRY(name, factory) Entry{name, &factory},
constexpr Entry kRegistry[] = {UA_VALIDATOR_TYPES(UA_ENTRY)};
#undef UA_ENTRY

}  // namespace

ValidatorFactory FindValidatorFactory(std::string_view type) {
  for (const Entry& e : kRegistry) {
    if (e.type == type) return e.factory;
  }
  return nullptr;
}

std::vector<std::string> ValidatorTypeNames() {
  std::vector<std::string> names;
  for (const Entry& e : kRegistry) names.emplace_back(e.type);
  return names;
}

Result<std::unique_ptr<Validator>> MakeValidator(const ValidatorConfig& config,
                                                 const std::filesystem::path& source_root) {
  ValidatorFactory factory = FindValidatorFactory(config.type);
  if (factory == nullptr) {
    std::string known;
    for (const std::string& n : ValidatorTypeNames()) known += (known.empty() ? "" : ", ") + n;
    return InvalidArgument("unknown validator type \"" + config.type + "\"; use one of: " + known);
  }
  return factory(config, source_root);
}

}  // namespace ua::engine
