// Session: the lifecycle of one MCP connection.
//
// kAwaitingInitialize -> (initialize answered) kInitialized -> (notifications/initialized)
// kReady. Initialize() negotiates the protocol revision and records the client; it succeeds
// once per session. Thread-safe: the reader thread writes, any thread may read.
#pragma once

#include <mutex>
#include <string>

#include "base/status.h"
#include "mcp/tool.h"

namespace ua::mcp {

class Session {
 public:
  enum class State { kAwaitingInitialize, kInitialized, kReady };

  // Returns the negotiated revision; kFailedPrecondition when already initialized.
  Result<std::string> Initialize(const std::string& requested_version, std::string client_name,
                                 std::string client_version);
  // notifications/initialized; ignored before initialize.
  void MarkReady();

  State state() const;
  bool initialized() const { return state() != State::kAwaitingInitialize; }
  ClientInfo client() const;
  bool allows_batches() const;

 private:
  mutable std::mutex mu_;
  State state_ = State::kAwaitingInitialize;
  ClientInfo client_;
};

}  // namespace ua::mcp
