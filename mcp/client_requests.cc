#include "mcp/client_requests.h"

#include "mcp/json_rpc.h"

namespace ua::mcp {

Result<nlohmann::json> ClientRequests::Call(const std::string& method, const nlohmann::json& params,
                                            std::stop_token stop,
                                            std::chrono::milliseconds timeout) {
  std::string id;
  {
    std::lock_guard lock(mu_);
    if (closed_) return Status(StatusCode::kCancelled, "the session is closing");
    id = "ua-" + std::to_string(next_id_++);
    waiting_[id] = std::nullopt;
  }
  nlohmann::json request = {{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", params}};
  if (Status written = writer_->Write(request); !written.ok()) {
    std::lock_guard lock(mu_);
    waiting_.erase(id);
    return written;
  }
  std::unique_lock lock(mu_);
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  const bool answered =
      cv_.wait_until(lock, stop, deadline, [&] { return closed_ || waiting_[id].has_value(); });
  std::optional<nlohmann::json> response = std::move(waiting_[id]);
  waiting_.erase(id);
  if (!response) {
    if (answered || stop.stop_requested()) {
      return Status(StatusCode::kCancelled, "stopped waiting for the client's answer to " + method);
    }
    return Status(StatusCode::kTimeout, "the client did not answer " + method + " within " +
                                            std::to_string(timeout.count() / 1000) + " s");
  }
  if (auto error = response->find("error"); error != response->end()) {
    std::string message = error->is_object() ? error->value("message", std::string()) : "";
    return InvalidArgument("the client answered " + method +
                           " with an error: " + (message.empty() ? error->dump() : message));
  }
  return response->value("result", nlohmann::json::object());
}

bool ClientRequests::OnResponse(const nlohmann::json& response) {
  auto id = response.find("id");
  if (id == response.end() || !id->is_string()) return false;
  {
    std::lock_guard lock(mu_);
    auto it = waiting_.find(id->get<std::string>());
    if (it == waiting_.end() || it->second) return false;
    it->second = response;
  }
  cv_.notify_all();
  return true;
}

void ClientRequests::Close() {
  {
    std::lock_guard lock(mu_);
    closed_ = true;
  }
  cv_.notify_all();
}

}  // namespace ua::mcp
