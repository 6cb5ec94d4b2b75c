// ClientLog: the gate for notifications/message. A record reaches the client when either
//  - legacy era: the session is open (initialize was answered), the client chose a level with
//    logging/setLevel, and the record's level is at or above it; or
//  - modern era: a request whose envelope set io.modelcontextprotocol/logLevel is running
//    (BeginRequest .. EndRequest) and the record's level is at or above that level. EndRequest
//    is called before the request's response is written, and a record is written under the
//    same lock, so no record of a request follows its response.
// Anything else is dropped (it still reaches stderr through the ordinary spdlog sinks).
//
// Shared (shared_ptr) between the Server and any ClientLogSink, so a sink that outlives the
// server only finds the gate closed. Thread-safe: any thread may call any method.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "mcp/tool.h"
#include "mcp/writer.h"

namespace ua::mcp {

class ClientLog {
 public:
  // Starts forwarding through `writer` (when the server starts serving).
  void Open(std::shared_ptr<Writer> writer);
  // Stops forwarding for good (session over).
  void Close();
  void SetLevel(LogLevel level);

  // The running modern request that asked for log records at `level` and up (one at a time:
  // calls run one after another).
  void BeginRequest(LogLevel level);
  void EndRequest();

  // True when the record was written.
  bool Send(LogLevel level, const std::string& logger, const nlohmann::json& data);

 private:
  mutable std::mutex mu_;
  std::shared_ptr<Writer> writer_;
  std::optional<LogLevel> level_;
  std::optional<LogLevel> request_level_;
};

}  // namespace ua::mcp
