#include "base/text_join.h"

namespace ua {

std::string JoinFirst(const std::vector<std::string>& items, size_t max, std::string_view more) {
  std::string out;
  for (size_t i = 0; i < items.size() && i < max; ++i) {
    if (i > 0) out += ", ";
    out += items[i];
  }
  if (items.size() > max && !more.empty()) {
    std::string suffix(more);
    if (size_t at = suffix.find("{}"); at != std::string::npos) {
      suffix.replace(at, 2, std::to_string(items.size() - max));
    }
    out += suffix;
  }
  return out;
}

}  // namespace ua
