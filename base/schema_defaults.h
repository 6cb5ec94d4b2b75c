// WithSchemaDefaults: an arguments object completed with the defaults its JSON Schema declares,
// so a default is written once, in the schema, and never again in code.
//
// Every property of `schema`'s "properties" that has a "default" and is absent from `arguments`
// is added with that default. Top level only, as the official MCP Go SDK does (tool arguments
// are flat objects). Present values are kept as given, even null; an `arguments` that is not
// an object, or a `schema` without "properties", is returned unchanged. The defaults are not
// validated here: the schema's own tests check them. Pure function; safe from any thread.
#pragma once

#include <nlohmann/json.hpp>

namespace ua {

nlohmann::json WithSchemaDefaults(const nlohmann::json& schema, nlohmann::json arguments);

}  // namespace ua
