#include "mcp/client_log_sink.h"

#include <string>

#include "mcp/log_level.h"

namespace ua::mcp {

namespace {
thread_local bool forwarding = false;
}  // namespace

void ClientLogSink::sink_it_(const spdlog::details::log_msg& msg) {
  if (forwarding) return;
  std::optional<LogLevel> level = FromSpdlogLevel(msg.level);
  if (!level) return;
  forwarding = true;
  gate_->Send(*level, std::string(msg.logger_name.data(), msg.logger_name.size()),
              std::string(msg.payload.data(), msg.payload.size()));
  forwarding = false;
}

}  // namespace ua::mcp
