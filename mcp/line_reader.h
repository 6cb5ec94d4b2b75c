// LineReader: splits a byte stream (stdin) into newline-terminated lines.
//
// Each line is returned without its "\n" (and without a trailing "\r"). A final line that
// ends at EOF without a newline is still returned. Lines longer than `max_line_bytes` are
// consumed and reported as kOverlong so the caller can answer a parse error and go on.
// Reading can be interrupted from another thread or a signal handler through `wake_fd`:
// when it becomes readable, Next() reports kWoken as if the stream had ended.
//
// Owns neither fd. Not thread-safe: one thread (the server's reader) calls Next().
#pragma once

#include <cstddef>
#include <string>

namespace ua::mcp {

class LineReader {
 public:
  enum class Event { kLine, kOverlong, kEof, kWoken, kError };

  static constexpr size_t kDefaultMaxLineBytes = 64 * 1024 * 1024;

  explicit LineReader(int fd, int wake_fd = -1, size_t max_line_bytes = kDefaultMaxLineBytes);

  // Blocks until a whole line, EOF, a wake-up or a read error. `line` is set for kLine.
  Event Next(std::string& line);

  // errno of the failure when Next() returned kError.
  int error() const { return error_; }

 private:
  bool TakeLine(std::string& line);

  int fd_;
  int wake_fd_;
  size_t max_line_bytes_;
  std::string buffer_;
  size_t scan_from_ = 0;
  bool discarding_ = false;  // inside an overlong line: drop bytes until the next newline
  bool eof_ = false;
  int error_ = 0;
};

}  // namespace ua::mcp
