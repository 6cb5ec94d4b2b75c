// ClientRequests: requests the server sends to the client in the legacy era (today only
// elicitation/create, to ask a human before production changes) and the wait for their
// responses.
//
// Call() writes {"jsonrpc","id","method","params"} with an id of its own ("ua-<n>", never a
// client's id) and blocks its caller until the client's response arrives (OnResponse, from
// the reader thread), `stop` is requested, `timeout` passes, or Close() is called. A response
// whose id this object did not send, or sent and stopped waiting for, is ignored.
//
// Thread-safe: Call() from any tool thread, OnResponse()/Close() from the server's.
#pragma once

#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>

#include <nlohmann/json.hpp>

#include "base/status.h"
#include "mcp/writer.h"

namespace ua::mcp {

class ClientRequests {
 public:
  explicit ClientRequests(std::shared_ptr<Writer> writer) : writer_(std::move(writer)) {}

  // The response's `result`. kCancelled (stop requested or closed), kTimeout,
  // kInvalidArgument (the client answered with an error: its message), kIoError (the request
  // could not be written).
  Result<nlohmann::json> Call(const std::string& method, const nlohmann::json& params,
                              std::stop_token stop, std::chrono::milliseconds timeout);

  // `response` is a whole JSON-RPC response. True when it answered a waiting Call().
  bool OnResponse(const nlohmann::json& response);

  // Wakes every waiting Call() with kCancelled and refuses later ones.
  void Close();

 private:
  std::shared_ptr<Writer> writer_;
  std::mutex mu_;
  std::condition_variable_any cv_;
  long next_id_ = 1;
  bool closed_ = false;
  std::map<std::string, std::optional<nlohmann::json>> waiting_;  // id -> response once in
};

}  // namespace ua::mcp
