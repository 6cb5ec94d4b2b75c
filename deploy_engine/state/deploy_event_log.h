// DeployEventLog: the deployment log file (the config's log_file, docs/design.md "Logging"): one
// JSON line per event of a deployment {"ts", "deployment_id", "profile", "event", ...fields}.
//
// Each line is one write() to an O_APPEND descriptor (file mode 0600, parent directories
// created when missing), so concurrent writers never interleave inside a line. The descriptor
// is opened at the first event and kept until the log is destroyed. The log is a record for
// people, not state: a failure to write it is logged to stderr and otherwise ignored. A
// disabled log (dry runs: no side effect at all) writes nothing. Callers never pass secrets.
//
// Owned by the deploying thread; not thread-safe.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "platform/clock.h"

namespace ua::engine {

class DeployEventLog {
 public:
  DeployEventLog(std::filesystem::path file, std::string deployment_id, std::string profile,
                 const Clock& clock, bool enabled = true);
  ~DeployEventLog();
  DeployEventLog(const DeployEventLog&) = delete;
  DeployEventLog& operator=(const DeployEventLog&) = delete;

  void Event(std::string_view event, nlohmann::json fields = nlohmann::json::object());
  size_t lines_written() const { return lines_; }

 private:
  std::filesystem::path file_;
  std::string deployment_id_, profile_;
  const Clock& clock_;
  bool enabled_;
  size_t lines_ = 0;
  int fd_ = -1;

  int OpenOnce();  // the descriptor, opened (and its directory made) at first use; -1: failed
};

}  // namespace ua::engine
