// The JSON Schemas of schemas/, embedded into the binary at build time
// (cmake/embed_schemas.cmake). Names are paths relative to schemas/ without ".json",
// e.g. "config.schema" or "tools/ua_self_status.input". Immutable; safe from any thread.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace ua {

std::optional<std::string_view> EmbeddedSchema(std::string_view name);
std::vector<std::string_view> EmbeddedSchemaNames();

}  // namespace ua
