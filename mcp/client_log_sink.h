// ClientLogSink: an spdlog sink that forwards records to the MCP client as
// notifications/message through a ClientLog gate, so code that only knows spdlog (the
// deployment engine) is visible to the client without knowing MCP. The record's logger name
// becomes `logger`, the formatted payload becomes `data` (a string).
//
// Records logged while this sink is already forwarding on the same thread are dropped, so a
// failure inside forwarding can never recurse. Thread-safe (spdlog's base_sink mutex).
#pragma once

#include <memory>
#include <mutex>

#include <spdlog/sinks/base_sink.h>

#include "mcp/client_log.h"

namespace ua::mcp {

class ClientLogSink : public spdlog::sinks::base_sink<std::mutex> {
 public:
  explicit ClientLogSink(std::shared_ptr<ClientLog> gate) : gate_(std::move(gate)) {}

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override;
  void flush_() override {}

 private:
  std::shared_ptr<ClientLog> gate_;
};

}  // namespace ua::mcp
