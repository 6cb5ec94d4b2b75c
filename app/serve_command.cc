#include "app/serve_command.h"

#include <unistd.h>

#include <algorithm>
#include <stop_token>

#include <spdlog/spdlog.h>

#include "app/exit_codes.h"
#include "app/stop_on_signal.h"
#include "mcp/server.h"
#include "tools/register_tools.h"

namespace ua::app {
namespace {

constexpr const char* kInstructions =
    "ua-deploy deploys the development tree of an MCP server into its production directory. "
    "Call ua_self_status first to see the production version, pending changes and backups.";

}  // namespace

int RunServe(const tools::ToolSession& session) {
  // SIGTERM/SIGINT mean "stop like EOF": the running call reaches a safe point first.
  StopOnSignal stop;

  mcp::Server server(mcp::ServerInfo{.name = "ua-deploy",
                                     .version = "0.1.0",
                                     .title = "ua-deploy",
                                     .instructions = kInstructions});
  if (Status s = tools::RegisterTools(server, session); !s.ok()) {
    spdlog::error("serve: cannot register tools: {}", s.ToString());
    return kExitFailed;
  }

  // Engine records reach the client as notifications/message (at the level it sets with
  // logging/setLevel); stderr keeps the level chosen on the command line.
  auto logger = spdlog::default_logger();
  for (auto& sink : logger->sinks()) sink->set_level(logger->level());
  logger->sinks().push_back(server.client_log_sink());
  logger->set_level(std::min(logger->level(), spdlog::level::info));

  std::stop_callback shutdown_on_signal(stop.token(), [&server] { server.RequestShutdown(); });
  // Run() keeps fd 1 for JSON-RPC only (ServerOptions::protect_stdout) and ignores SIGPIPE.
  return server.Run(STDIN_FILENO, STDOUT_FILENO) == 0 ? kExitOk : kExitFailed;
}

}  // namespace ua::app
