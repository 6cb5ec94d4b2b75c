#include "platform/path_expand.h"

#include <cctype>
#include <string>

namespace ua {
namespace {

bool IsNameStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool IsNameChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

Result<std::string> ExpandVariables(std::string_view raw, const Environment& env) {
  std::string out;
  size_t i = 0;
  while (i < raw.size()) {
    char c = raw[i];
    if (c != '$' || i + 1 >= raw.size()) {
      out += c;
      ++i;
      continue;
    }
    std::string name;
    size_t next;
    if (raw[i + 1] == '{') {
      size_t close = raw.find('}', i + 2);
      if (close == std::string_view::npos) {
        return InvalidArgument("unterminated '${' in path \"" + std::string(raw) +
                               "\": write ${NAME}");
      }
      name = std::string(raw.substr(i + 2, close - i - 2));
      bool valid = !name.empty() && IsNameStart(name[0]);
      for (char n : name) valid = valid && IsNameChar(n);
      if (!valid) {
        return InvalidArgument("invalid variable name '${" + name + "}' in path \"" +
                               std::string(raw) + "\"");
      }
      next = close + 1;
    } else if (IsNameStart(raw[i + 1])) {
      size_t j = i + 1;
      while (j < raw.size() && IsNameChar(raw[j])) ++j;
      name = std::string(raw.substr(i + 1, j - i - 1));
      next = j;
    } else {
      out += c;
      ++i;
      continue;
    }
    std::optional<std::string> value = env.Get(name);
    if (!value) {
      return InvalidArgument("environment variable " + name + " is not set (used in path \"" +
                             std::string(raw) + "\"); set it or write the path literally");
    }
    out += *value;
    i = next;
  }
  return out;
}

}  // namespace

Result<std::filesystem::path> ExpandPath(std::string_view raw, const Environment& env,
                                         const std::filesystem::path& relative_base) {
  if (raw.empty()) return InvalidArgument("empty path");
  std::string text;
  if (raw[0] == '~') {
    size_t slash = raw.find('/');
    if (slash != 1 && raw.size() != 1) {
      return InvalidArgument("\"" + std::string(raw) +
                             "\": only \"~\" and \"~/...\" are supported, not \"~user\"");
    }
    std::optional<std::string> home = env.Home();
    if (!home) {
      return InvalidArgument("cannot expand \"~\" in \"" + std::string(raw) +
                             "\": the home directory is unknown (set HOME)");
    }
    UA_ASSIGN_OR_RETURN(std::string rest, ExpandVariables(raw.substr(1), env));
    text = *home + rest;
  } else {
    UA_ASSIGN_OR_RETURN(text, ExpandVariables(raw, env));
  }
  if (text.empty()) {
    return InvalidArgument("path \"" + std::string(raw) + "\" expands to an empty string");
  }
  std::filesystem::path p(text);
  if (p.is_relative()) p = relative_base / p;
  p = p.lexically_normal();
  if (!p.has_filename() && p.has_parent_path() && p != p.root_path()) p = p.parent_path();
  return p;
}

}  // namespace ua
