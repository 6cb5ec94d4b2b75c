// CallContext: the ToolContext of one tools/call as the server runs it: its stop token,
// progress and log notifications, the client and request it came with, and (legacy era) the
// way to ask the client a question.
//
// Lives on the worker thread for the duration of the call; see tool.h for what each method
// promises. The objects it refers to are owned by the server and outlive the call.
#pragma once

#include <stop_token>

#include "mcp/client_log.h"
#include "mcp/client_requests.h"
#include "mcp/progress_reporter.h"
#include "mcp/tool.h"

namespace ua::mcp {

class CallContext : public ToolContext {
 public:
  CallContext(std::stop_token stop, ProgressReporter& progress, ClientLog& log, ClientInfo client,
              CallRequest request, ClientRequests* client_requests)
      : stop_(std::move(stop)),
        progress_(progress),
        log_(log),
        client_(std::move(client)),
        request_(std::move(request)),
        client_requests_(client_requests) {}

  std::stop_token stop_token() const override { return stop_; }
  void Progress(double progress, std::optional<double> total, const std::string& message) override;
  void Log(LogLevel level, const std::string& logger, const nlohmann::json& data) override;
  const ClientInfo& client() const override { return client_; }
  const CallRequest& request() const override { return request_; }
  Result<nlohmann::json> Elicit(const nlohmann::json& params) override;

 private:
  std::stop_token stop_;
  ProgressReporter& progress_;
  ClientLog& log_;
  ClientInfo client_;
  CallRequest request_;
  ClientRequests* client_requests_;  // null: this call cannot send requests to the client
};

}  // namespace ua::mcp
