// Session: the lifecycle of one MCP connection.
//
// Initialize() negotiates the protocol revision and records the client; it succeeds once per
// session, and the session counts as initialized from then on. Thread-safe: the reader
// thread writes, any thread may read.
#pragma once

#include <mutex>
#include <string>

#include <nlohmann/json.hpp>

#include "base/status.h"
#include "mcp/tool.h"

namespace ua::mcp {

class Session {
 public:
  // Returns the negotiated revision; kFailedPrecondition when already initialized.
  // `capabilities`: initialize's params.capabilities (an object; anything else reads as {}).
  Result<std::string> Initialize(const std::string& requested_version, std::string client_name,
                                 std::string client_version, nlohmann::json capabilities);

  bool initialized() const;
  ClientInfo client() const;
  bool allows_batches() const;
  nlohmann::json capabilities() const;

 private:
  mutable std::mutex mu_;
  bool initialized_ = false;
  ClientInfo client_;
  nlohmann::json capabilities_ = nlohmann::json::object();
};

}  // namespace ua::mcp
