// ShellQuote: one word for a POSIX shell, in single quotes, so the commands a report suggests
// work on any path (spaces, quotes, '$'). Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace ua {

std::string ShellQuote(std::string_view word);

}  // namespace ua
