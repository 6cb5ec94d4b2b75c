#include "platform/output_tail.h"

#include <cstdio>

namespace ua {
namespace {

std::string_view Trim(std::string_view s) {
  const auto space = [](char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string TailOf(std::string_view text, size_t max) {
  text = Trim(text);
  if (text.size() <= max) return std::string(text);
  std::string_view tail = text.substr(text.size() - max);
  const size_t nl = tail.find('\n');
  if (nl != std::string_view::npos && nl < max / 4) tail.remove_prefix(nl + 1);
  return "..." + std::string(tail);
}

std::string OutputTail(const SubprocessResult& r, size_t max) {
  std::string both(Trim(r.stdout_text));
  const std::string_view err = Trim(r.stderr_text);
  if (!err.empty()) {
    if (!both.empty()) both += '\n';
    both += err;
  }
  return TailOf(both, max);
}

std::string FormatSeconds(double seconds) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g s", seconds);
  return buf;
}

}  // namespace ua
