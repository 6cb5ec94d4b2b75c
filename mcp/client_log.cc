#include "mcp/client_log.h"

#include "mcp/json_rpc.h"
#include "mcp/log_level.h"

namespace ua::mcp {

void ClientLog::Open(std::shared_ptr<Writer> writer) {
  std::lock_guard lock(mu_);
  writer_ = std::move(writer);
}

void ClientLog::Close() {
  std::lock_guard lock(mu_);
  writer_.reset();
}

void ClientLog::SetLevel(LogLevel level) {
  std::lock_guard lock(mu_);
  level_ = level;
}

bool ClientLog::Send(LogLevel level, const std::string& logger, const nlohmann::json& data) {
  std::shared_ptr<Writer> writer;
  {
    std::lock_guard lock(mu_);
    if (!writer_ || !level_ || level < *level_) return false;
    writer = writer_;
  }
  nlohmann::json params = {{"level", LogLevelName(level)}, {"data", data}};
  if (!logger.empty()) params["logger"] = logger;
  return writer->Write(MakeNotification("notifications/message", std::move(params))).ok();
}

}  // namespace ua::mcp
