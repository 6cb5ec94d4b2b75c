// LineIndex: turns byte offsets in a text into 1-based lines and columns, for findings that
// name where something is. The line starts are found on first use, so a text nobody asks
// about costs nothing. Holds a view: the text must outlive the index. Not thread-safe (it
// builds its table lazily); one per text and thread.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace ua {

class LineIndex {
 public:
  explicit LineIndex(std::string_view text) : text_(text) {}

  // The 1-based line holding byte `offset`.
  int LineOf(size_t offset);
  // The 1-based byte column of `offset` in its line.
  int ColumnOf(size_t offset);
  // The text of the line holding `offset`, without its newline.
  std::string_view LineAt(size_t offset);

 private:
  // Index into newlines_ of the first newline at or after `offset`.
  size_t NewlineIndex(size_t offset);
  size_t LineStart(size_t offset);

  std::string_view text_;
  bool built_ = false;
  std::vector<size_t> newlines_;  // offsets of every '\n'
};

// The number of '\n' in `text` (memchr speed).
size_t CountNewlines(std::string_view text);

// True when the first 8 KiB of `text` hold a NUL byte: binary content, not text to scan or
// show line by line.
bool LooksBinary(std::string_view text);

}  // namespace ua
