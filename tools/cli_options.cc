#include "tools/cli_options.h"

#include <algorithm>

namespace ua::tools {
namespace {

using nlohmann::json;

bool IsFlagSpelling(const std::string& flag) {
  if (flag.size() < 3 || flag.compare(0, 2, "--") != 0 || flag[2] == '-') return false;
  return std::all_of(flag.begin() + 2, flag.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

std::string DefaultFlag(const std::string& property) {
  std::string flag = "--" + property;
  std::replace(flag.begin(), flag.end(), '_', '-');
  return flag;
}

Result<CliOption> OptionFor(const std::string& name, const json& property) {
  const std::string where = "input property '" + name + "'";
  if (!property.is_object()) return Internal(where + " is not a schema object");
  CliOption option;
  option.property = name;
  const json type = property.value("type", json());
  if (type.is_string()) option.type = type.get<std::string>();
  if (option.type != "boolean" && option.type != "string" && option.type != "integer" &&
      option.type != "number") {
    return Internal(where + " has no command-line form (type " + type.dump() +
                    "); give it \"x-cli\": false");
  }
  option.flag = DefaultFlag(name);
  if (auto flag = property.find("x-cli-flag"); flag != property.end()) {
    if (!flag->is_string()) return Internal(where + ": x-cli-flag must be a string");
    option.flag = flag->get<std::string>();
  }
  if (!IsFlagSpelling(option.flag)) {
    return Internal(where + ": '" + option.flag +
                    "' is not a long option (-- and lowercase letters, digits, dashes)");
  }
  if (auto help = property.find("description"); help != property.end() && help->is_string()) {
    option.help = help->get<std::string>();
  }
  return option;
}

}  // namespace

Result<std::vector<CliOption>> CliOptionsFor(const json& input_schema) {
  std::vector<CliOption> options;
  if (!input_schema.is_object()) return Internal("input schema is not an object");
  auto properties = input_schema.find("properties");
  if (properties == input_schema.end()) return options;
  if (!properties->is_object()) return Internal("input schema's properties is not an object");
  for (const auto& [name, property] : properties->items()) {
    if (property.is_object()) {
      auto on_cli = property.find("x-cli");
      if (on_cli != property.end() && !on_cli->is_boolean()) {
        return Internal("input property '" + name + "': x-cli must be true or false");
      }
      if (on_cli != property.end() && !on_cli->get<bool>()) continue;
    }
    UA_ASSIGN_OR_RETURN(CliOption option, OptionFor(name, property));
    for (const CliOption& seen : options) {
      if (seen.flag == option.flag) {
        return Internal("input properties '" + seen.property + "' and '" + name +
                        "' are both spelled " + option.flag);
      }
    }
    options.push_back(std::move(option));
  }
  return options;
}

std::optional<json> CliOptionValue(const CliOption& option, const std::string& text) {
  if (text.empty()) return std::nullopt;
  if (option.type == "integer" || option.type == "number") {
    json number = json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (number.is_number()) return number;
  }
  return json(text);
}

}  // namespace ua::tools
