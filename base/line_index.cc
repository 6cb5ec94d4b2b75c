#include "base/line_index.h"

#include <algorithm>
#include <cstring>

namespace ua {

size_t LineIndex::NewlineIndex(size_t offset) {
  if (!built_) {
    built_ = true;
    for (size_t at = text_.find('\n'); at != std::string_view::npos;
         at = text_.find('\n', at + 1)) {
      newlines_.push_back(at);
    }
  }
  return static_cast<size_t>(std::lower_bound(newlines_.begin(), newlines_.end(), offset) -
                             newlines_.begin());
}

size_t LineIndex::LineStart(size_t offset) {
  const size_t index = NewlineIndex(offset);
  return index == 0 ? 0 : newlines_[index - 1] + 1;
}

int LineIndex::LineOf(size_t offset) { return static_cast<int>(NewlineIndex(offset)) + 1; }

int LineIndex::ColumnOf(size_t offset) { return static_cast<int>(offset - LineStart(offset)) + 1; }

std::string_view LineIndex::LineAt(size_t offset) {
  const size_t index = NewlineIndex(offset);
  const size_t start = index == 0 ? 0 : newlines_[index - 1] + 1;
  const size_t end = index < newlines_.size() ? newlines_[index] : text_.size();
  return text_.substr(start, end - start);
}

size_t CountNewlines(std::string_view text) {
  size_t count = 0;
  const char* p = text.data();
  const char* const end = text.data() + text.size();
  while (p < end) {
    const void* hit = std::memchr(p, '\n', static_cast<size_t>(end - p));
    if (hit == nullptr) break;
    ++count;
    p = static_cast<const char*>(hit) + 1;
  }
  return count;
}

bool LooksBinary(std::string_view text) {
  const size_t probe = std::min<size_t>(text.size(), 8192);
  return probe > 0 && std::memchr(text.data(), '\0', probe) != nullptr;
}

}  // namespace ua
