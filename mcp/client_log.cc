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

void ClientLog::BeginRequest(LogLevel level) {
  std::lock_guard lock(mu_);
  request_level_ = level;
}

void ClientLog::EndRequest() {
  std::lock_guard lock(mu_);
  request_level_.reset();
}

bool ClientLog::Send(LogLevel level, const std::string& logger, const nlohmann::json& data) {
  // Held while writing, so EndRequest() cannot return between the check and the write.
  std::lock_guard lock(mu_);
  if (!writer_) return false;
  const bool legacy = level_ && level >= *level_;
  const bool modern = request_level_ && level >= *request_level_;
  if (!legacy && !modern) return false;
  nlohmann::json params = {{"level", LogLevelName(level)}, {"data", data}};
  if (!logger.empty()) params["logger"] = logger;
  return writer_->Write(MakeNotification("notifications/message", std::move(params))).ok();
}

}  // namespace ua::mcp
