#include "mcp/session.h"

#include "mcp/negotiation.h"

namespace ua::mcp {

Result<std::string> Session::Initialize(const std::string& requested_version,
                                        std::string client_name, std::string client_version,
                                        nlohmann::json capabilities) {
  std::lock_guard lock(mu_);
  if (initialized_) {
    return FailedPrecondition("initialize was already received in this session");
  }
  client_.name = std::move(client_name);
  client_.version = std::move(client_version);
  client_.protocol_version = NegotiateProtocolVersion(requested_version);
  capabilities_ = capabilities.is_object() ? std::move(capabilities) : nlohmann::json::object();
  initialized_ = true;
  return client_.protocol_version;
}

bool Session::initialized() const {
  std::lock_guard lock(mu_);
  return initialized_;
}

ClientInfo Session::client() const {
  std::lock_guard lock(mu_);
  return client_;
}

bool Session::allows_batches() const {
  std::lock_guard lock(mu_);
  return initialized_ && ProtocolAllowsBatches(client_.protocol_version);
}

}  // namespace ua::mcp

namespace ua::mcp {

nlohmann::json Session::capabilities() const {
  std::lock_guard lock(mu_);
  return capabilities_;
}

}  // namespace ua::mcp
