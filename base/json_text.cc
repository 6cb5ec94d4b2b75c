#include "base/json_text.h"

#include <string>

namespace ua {

Result<nlohmann::json> ParseJsonText(std::string_view text) {
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    // e.byte is 1-based and points at the offending character (or one past the end).
    size_t byte = e.byte == 0 ? 0 : e.byte - 1;
    if (byte > text.size()) byte = text.size();
    size_t line = 1, col = 1;
    for (size_t i = 0; i < byte; ++i) {
      if (text[i] == '\n') {
        ++line;
        col = 1;
      } else {
        ++col;
      }
    }
    // what(): "[json.exception.parse_error.101] parse error at line 3, column 11: <reason>"
    const std::string what = e.what();
    const size_t column = what.find("column ");
    const size_t colon = column == std::string::npos ? std::string::npos : what.find(": ", column);
    const std::string reason = colon == std::string::npos ? what : what.substr(colon + 2);
    return InvalidArgument("invalid JSON at line " + std::to_string(line) + ", column " +
                           std::to_string(col) + ": " + reason);
  }
}

std::string StringMember(const nlohmann::json& object, const char* key,
                         const std::string& fallback) {
  if (!object.is_object()) return fallback;
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : fallback;
}

}  // namespace ua
