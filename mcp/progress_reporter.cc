#include "mcp/progress_reporter.h"

#include <cmath>

#include "mcp/json_rpc.h"

namespace ua::mcp {

ProgressReporter::ProgressReporter(nlohmann::json token, SendFn send)
    : token_(std::move(token)), send_(std::move(send)) {}

bool ProgressReporter::Report(double progress, std::optional<double> total,
                              const std::string& message) {
  std::lock_guard lock(mu_);
  if (closed_ || token_.is_null() || !std::isfinite(progress)) return false;
  if (last_ && progress <= *last_) return false;
  last_ = progress;
  nlohmann::json params = {{"progressToken", token_}, {"progress", progress}};
  if (total && std::isfinite(*total)) params["total"] = *total;
  if (!message.empty()) params["message"] = message;
  // Sent under the lock so two reports can never reach the wire out of order.
  send_(MakeNotification("notifications/progress", std::move(params)));
  return true;
}

void ProgressReporter::Close() {
  std::lock_guard lock(mu_);
  closed_ = true;
}

nlohmann::json ProgressReporter::TokenFromParams(const nlohmann::json& params) {
  if (!params.is_object()) return nullptr;
  auto meta = params.find("_meta");
  if (meta == params.end() || !meta->is_object()) return nullptr;
  auto token = meta->find("progressToken");
  if (token == meta->end() || !IsValidId(*token)) return nullptr;
  return *token;
}

}  // namespace ua::mcp
