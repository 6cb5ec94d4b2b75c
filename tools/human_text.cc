#include "tools/human_text.h"

#include <cmath>

#include "base/text_join.h"

namespace ua::tools {

std::string CountNoun(size_t n, const std::string& singular, const std::string& plural) {
  return std::to_string(n) + " " + (n == 1 ? singular : plural);
}

std::string RelativeAge(double seconds) {
  if (seconds < 0) return "in the future (check the clock)";
  struct Unit {
    double seconds;
    const char* singular;
    const char* plural;
  };
  static const Unit kUnits[] = {{86400 * 365, "year", "years"},
                                {86400 * 30, "month", "months"},
                                {86400, "day", "days"},
                                {3600, "hour", "hours"},
                                {60, "minute", "minutes"}};
  for (const Unit& u : kUnits) {
    if (seconds >= u.seconds) {
      auto n = static_cast<size_t>(std::floor(seconds / u.seconds));
      return CountNoun(n, u.singular, u.plural) + " ago";
    }
  }
  return "just now";
}

std::string ListSome(const std::vector<std::string>& items, size_t max_shown) {
  return JoinFirst(items, max_shown, " and {} more");
}

std::string AsSentence(std::string text) {
  if (text.empty() || (text.back() != '.' && text.back() != '!' && text.back() != '?')) {
    text += '.';
  }
  return text;
}

}  // namespace ua::tools
