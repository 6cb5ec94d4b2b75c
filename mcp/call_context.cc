#include "mcp/call_context.h"

#include <chrono>

namespace ua::mcp {

void CallContext::Progress(double progress, std::optional<double> total,
                           const std::string& message) {
  progress_.Report(progress, total, message);
}

void CallContext::Log(LogLevel level, const std::string& logger, const nlohmann::json& data) {
  log_.Send(level, logger, data);
}

Result<nlohmann::json> CallContext::Elicit(const nlohmann::json& params) {
  if (request_.modern || client_requests_ == nullptr) {
    return Status(StatusCode::kFailedPrecondition,
                  "a request of protocol 2026-07-28 is asked through an input_required result, "
                  "not a server-to-client request");
  }
  if (!request_.DeclaresFormElicitation()) {
    return Status(StatusCode::kFailedPrecondition,
                  "the client did not declare the elicitation capability at initialize");
  }
  return client_requests_->Call("elicitation/create", params, stop_, std::chrono::minutes(10));
}

}  // namespace ua::mcp
