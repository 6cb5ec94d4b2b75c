#include "app/diff_colour.h"

#include <unistd.h>

#include <cstdlib>

namespace ua::app {
namespace {

constexpr std::string_view kReset = "\x1b[m";
constexpr std::string_view kBold = "\x1b[1m";
constexpr std::string_view kCyan = "\x1b[36m";
constexpr std::string_view kRed = "\x1b[31m";
constexpr std::string_view kGreen = "\x1b[32m";
constexpr std::string_view kDim = "\x1b[2m";

bool StartsWith(std::string_view line, std::string_view prefix) {
  return line.substr(0, prefix.size()) == prefix;
}

// The colour of one line of the diff; empty for a context line.
std::string_view ColourOf(std::string_view line) {
  for (std::string_view meta : {"diff --git ", "--- ", "+++ ", "old mode ", "new mode ",
                                "new file mode ", "deleted file mode ", "Binary files "}) {
    if (StartsWith(line, meta)) return kBold;
  }
  if (StartsWith(line, "@@ ")) return kCyan;
  if (StartsWith(line, "(not shown") || StartsWith(line, "(diff truncated") ||
      StartsWith(line, "\\ ") || line.find(" hidden (secret)]") != std::string_view::npos) {
    return kDim;
  }
  if (StartsWith(line, "-")) return kRed;
  if (StartsWith(line, "+")) return kGreen;
  return {};
}

}  // namespace

bool ColourWanted() {
  if (!::isatty(STDOUT_FILENO)) return false;
  if (const char* no_colour = std::getenv("NO_COLOR"); no_colour && *no_colour) return false;
  const char* term = std::getenv("TERM");
  return term == nullptr || std::string_view(term) != "dumb";
}

std::string ColourDiff(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  bool in_diff = false;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    const bool last = end == std::string_view::npos;
    if (last) end = text.size();
    const std::string_view line = text.substr(start, end - start);
    in_diff = in_diff || StartsWith(line, "diff --git ");
    const std::string_view colour = in_diff ? ColourOf(line) : std::string_view();
    if (colour.empty()) {
      out += line;
    } else {
      out += colour;
      out += line;
      out += kReset;
    }
    if (!last) out += '\n';
    start = end + 1;
  }
  return out;
}

}  // namespace ua::app
