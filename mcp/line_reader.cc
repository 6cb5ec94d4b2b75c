#include "mcp/line_reader.h"

#include <poll.h>
#include <unistd.h>

#include <cerrno>

namespace ua::mcp {

LineReader::LineReader(int fd, int wake_fd, size_t max_line_bytes)
    : fd_(fd), wake_fd_(wake_fd), max_line_bytes_(max_line_bytes) {}

bool LineReader::TakeLine(std::string& line) {
  size_t nl = buffer_.find('\n', scan_from_);
  if (nl == std::string::npos) {
    scan_from_ = buffer_.size();
    return false;
  }
  line.assign(buffer_, 0, nl);
  buffer_.erase(0, nl + 1);
  scan_from_ = 0;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return true;
}

LineReader::Event LineReader::Next(std::string& line) {
  for (;;) {
    if (discarding_) {
      size_t nl = buffer_.find('\n');
      if (nl != std::string::npos) {
        buffer_.erase(0, nl + 1);
        scan_from_ = 0;
        discarding_ = false;
        return Event::kOverlong;
      }
      buffer_.clear();
      scan_from_ = 0;
      if (eof_) {
        discarding_ = false;
        return Event::kOverlong;
      }
    } else {
      if (TakeLine(line)) return line.size() > max_line_bytes_ ? Event::kOverlong : Event::kLine;
      if (buffer_.size() > max_line_bytes_) {
        discarding_ = true;
        continue;
      }
      if (eof_) {
        if (buffer_.empty()) return Event::kEof;
        line.swap(buffer_);
        buffer_.clear();
        scan_from_ = 0;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        return Event::kLine;
      }
    }

    pollfd fds[2] = {{fd_, POLLIN, 0}, {wake_fd_, POLLIN, 0}};
    int rc = ::poll(fds, wake_fd_ >= 0 ? 2 : 1, -1);
    if (rc < 0) {
      if (errno == EINTR) continue;
      error_ = errno;
      return Event::kError;
    }
    if (wake_fd_ >= 0 && (fds[1].revents & (POLLIN | POLLHUP | POLLERR))) return Event::kWoken;
    if (fds[0].revents == 0) continue;

    char chunk[65536];
    ssize_t n = ::read(fd_, chunk, sizeof chunk);
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      error_ = errno;
      return Event::kError;
    }
    if (n == 0) {
      eof_ = true;
      continue;
    }
    buffer_.append(chunk, static_cast<size_t>(n));
  }
}

}  // namespace ua::mcp
