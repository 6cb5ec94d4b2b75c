#include "mcp/session.h"

#include "mcp/negotiation.h"

namespace ua::mcp {

Result<std::string> Session::Initialize(const std::string& requested_version,
                                        std::string client_name, std::string client_version) {
  std::lock_guard lock(mu_);
  if (state_ != State::kAwaitingInitialize) {
    return FailedPrecondition("initialize was already received in this session");
  }
  client_.name = std::move(client_name);
  client_.version = std::move(client_version);
  client_.protocol_version = NegotiateProtocolVersion(requested_version);
  state_ = State::kInitialized;
  return client_.protocol_version;
}

void Session::MarkReady() {
  std::lock_guard lock(mu_);
  if (state_ == State::kInitialized) state_ = State::kReady;
}

Session::State Session::state() const {
  std::lock_guard lock(mu_);
  return state_;
}

ClientInfo Session::client() const {
  std::lock_guard lock(mu_);
  return client_;
}

bool Session::allows_batches() const {
  std::lock_guard lock(mu_);
  return state_ != State::kAwaitingInitialize && ProtocolAllowsBatches(client_.protocol_version);
}

}  // namespace ua::mcp
