// ParseJsonText: JSON text to nlohmann::json without exceptions escaping, with errors a person
// can act on: "invalid JSON at line 3, column 11: syntax error while parsing value - ...".
// StringMember: a string member read without exceptions, for documents from outside.
//
// Pure function; safe from any thread.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "base/status.h"

namespace ua {

// kInvalidArgument on malformed text; line and column are 1-based.
Result<nlohmann::json> ParseJsonText(std::string_view text);

// object[key] when `object` is an object whose `key` is a string, else `fallback`.
std::string StringMember(const nlohmann::json& object, const char* key,
                         const std::string& fallback = "");

}  // namespace ua
