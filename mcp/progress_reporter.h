// ProgressReporter: notifications/progress for one request.
//
// Sends only when the request carried `_meta.progressToken` (echoed with its exact JSON
// type), only until Close() (the request stops being in flight when its response is about to
// be written or it was cancelled), and only strictly increasing `progress` values; anything
// else is dropped silently so tools may report freely.
//
// Thread-safe: Report() is called from the tool's thread, Close() from the server's.
#pragma once

#include <functional>
#include <mutex>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace ua::mcp {

class ProgressReporter {
 public:
  using SendFn = std::function<void(const nlohmann::json& notification)>;

  // `token` is null when the request had no progress token.
  ProgressReporter(nlohmann::json token, SendFn send);

  // True when a notification was sent.
  bool Report(double progress, std::optional<double> total, const std::string& message);
  void Close();

  // The token of `params._meta.progressToken` when it is a string or an integer, else null.
  static nlohmann::json TokenFromParams(const nlohmann::json& params);

 private:
  std::mutex mu_;
  nlohmann::json token_;
  SendFn send_;
  std::optional<double> last_;
  bool closed_ = false;
};

}  // namespace ua::mcp
