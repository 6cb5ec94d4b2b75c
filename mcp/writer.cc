#include "mcp/writer.h"

#include <unistd.h>

#include <cerrno>

namespace ua::mcp {

std::string Serialize(const nlohmann::json& message) {
  return message.dump(-1, ' ', /*ensure_ascii=*/false, nlohmann::json::error_handler_t::replace);
}

Status Writer::Write(const nlohmann::json& message) { return WriteLine(Serialize(message)); }

Status Writer::WriteLine(std::string line) {
  line.push_back('\n');
  std::lock_guard lock(mu_);
  if (broken_) return IoError("protocol output is closed");
  size_t done = 0;
  while (done < line.size()) {
    ssize_t n = ::write(fd_, line.data() + done, line.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      broken_ = true;
      return ErrnoStatus("writing to the protocol output", errno);
    }
    done += static_cast<size_t>(n);
  }
  return Status::Ok();
}

void Writer::Close() {
  std::lock_guard lock(mu_);
  broken_ = true;
}

}  // namespace ua::mcp
