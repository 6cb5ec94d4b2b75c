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

// The colour of one line of the diff; empty for a context line. Inside a hunk a line is what
// its first character says ("--- x" is a removed "-- x"); outside, it is a header or a summary.
std::string_view ColourOf(std::string_view line, bool in_hunk) {
  if (StartsWith(line, "@@ ")) return kCyan;
  if (in_hunk) {
    if (StartsWith(line, "\\ ") || line.find(" hidden (secret)]") != std::string_view::npos) {
      return kDim;
    }
    if (StartsWith(line, "-")) return kRed;
    if (StartsWith(line, "+")) return kGreen;
    return {};
  }
  if (StartsWith(line, "(not shown") || StartsWith(line, "(diff truncated")) return kDim;
  return kBold;  // diff --git, mode lines, ---/+++, Binary files ... differ
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
  bool in_diff = false, in_hunk = false;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    const bool last = end == std::string_view::npos;
    if (last) end = text.size();
    const std::string_view line = text.substr(start, end - start);
    if (StartsWith(line, "diff --git ") || StartsWith(line, "(diff truncated")) {
      in_diff = true;
      in_hunk = false;
    }
    const std::string_view colour = in_diff ? ColourOf(line, in_hunk) : std::string_view();
    if (StartsWith(line, "@@ ")) in_hunk = true;
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
