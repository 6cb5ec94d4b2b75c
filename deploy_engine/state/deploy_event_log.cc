#include "deploy_engine/state/deploy_event_log.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <spdlog/spdlog.h>

#include "platform/fs_ops.h"

namespace ua::engine {

DeployEventLog::DeployEventLog(std::filesystem::path file, std::string deployment_id,
                               std::string profile, const Clock& clock, bool enabled)
    : file_(std::move(file)),
      deployment_id_(std::move(deployment_id)),
      profile_(std::move(profile)),
      clock_(clock),
      enabled_(enabled && !file_.empty()) {}

void DeployEventLog::Event(std::string_view event, nlohmann::json fields) {
  if (!enabled_) return;
  nlohmann::json line = {{"ts", FormatIsoUtc(clock_.Now())},
                         {"deployment_id", deployment_id_},
                         {"profile", profile_},
                         {"event", event}};
  if (fields.is_object()) {
    for (auto& [k, v] : fields.items()) line[k] = std::move(v);
  }
  std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  const int fd = OpenOnce();
  if (fd < 0) return;
  ssize_t n = write(fd, text.data(), text.size());
  if (n != static_cast<ssize_t>(text.size())) {
    spdlog::warn("deploy log {}: short write", file_.string());
  } else {
    ++lines_;
  }
}

int DeployEventLog::OpenOnce() {
  if (fd_ >= 0) return fd_;
  fd_ = open(file_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd_ < 0 && errno == ENOENT && file_.has_parent_path()) {
    // The directory is made only when it is missing, not before every line.
    if (Status s = fs::MakeDirs(file_.parent_path(), 0700); !s.ok()) {
      spdlog::warn("deploy log {}: {}", file_.string(), s.ToString());
      return -1;
    }
    fd_ = open(file_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  }
  if (fd_ < 0) spdlog::warn("deploy log {}: open: {}", file_.string(), std::strerror(errno));
  return fd_;
}

DeployEventLog::~DeployEventLog() {
  if (fd_ >= 0) close(fd_);
}

}  // namespace ua::engine
