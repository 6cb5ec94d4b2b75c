#include "base/schema_defaults.h"

namespace ua {

nlohmann::json WithSchemaDefaults(const nlohmann::json& schema, nlohmann::json arguments) {
  if (!arguments.is_object() || !schema.is_object()) return arguments;
  auto properties = schema.find("properties");
  if (properties == schema.end() || !properties->is_object()) return arguments;
  for (const auto& [name, property] : properties->items()) {
    if (!property.is_object() || arguments.contains(name)) continue;
    if (auto value = property.find("default"); value != property.end()) arguments[name] = *value;
  }
  return arguments;
}

}  // namespace ua
