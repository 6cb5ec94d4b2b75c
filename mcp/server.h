// Server: one MCP session over a pair of file descriptors (stdin/stdout).
//
// Threads. Run() reads and dispatches on the calling thread (the reader): initialize, ping,
// tools/list, logging/setLevel, cancellations and errors are answered there at once, so the
// client is answered even while a tool runs. tools/call is validated on the reader and then
// queued to one worker thread (calls run one at a time, in order). One Writer owns out_fd
// and writes whole lines; stdout carries protocol messages only (spdlog must log to stderr).
//
// Shutdown. Run() returns when in_fd reaches EOF or RequestShutdown() is called: stop is
// requested on the running call's stop_token (and on queued calls, which then run with stop
// already requested), Run() waits for them to return (their responses are still written if
// the output still works), and returns 0 (1 when reading in_fd failed). Run() sets SIGPIPE to
// ignored so a vanished client is a failed write, not a killed process.
//
// Stdout. With ServerOptions::protect_stdout (the default) and out_fd == STDOUT_FILENO, Run()
// writes the protocol to a private close-on-exec copy of fd 1 and points fd 1 at stderr until
// it returns, so only JSON-RPC reaches the client's stdout. If that cannot be set up, Run()
// logs why and returns 1 without reading a message (it never serves unprotected).
//
// Logging to the client. client_log_sink() is an spdlog sink; add it to the loggers whose
// records the client should see (e.g. spdlog::default_logger()->sinks().push_back(...)
// before Run()). Records reach the client as notifications/message only after initialize
// was answered, only once the client chose a level with logging/setLevel, and only at or
// above that level. Note spdlog's own logger level still filters first.
//
// AddTool() must be called before Run(); Run() once per Server. RequestShutdown() may be
// called from any thread and from a signal handler (it only write()s to a pipe).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include <spdlog/sinks/sink.h>

#include "base/status.h"
#include "mcp/task_service.h"
#include "mcp/tool.h"

namespace ua::mcp {

struct ServerInfo {
  std::string name, version, title, instructions;
};

struct ServerOptions {
  size_t tools_page_size = 50;
  // When Run()'s out_fd is STDOUT_FILENO: move the protocol to a private copy of it and point
  // fd 1 at stderr while Run() lasts, so a stray printf or an inherited child process can
  // never corrupt the protocol stream.
  bool protect_stdout = true;
  // How long a 2026-07-28 client may cache server/discover and tools/list (ttlMs).
  int64_t cache_ttl_ms = 300000;
};

class Server {
 public:
  explicit Server(ServerInfo info, ServerOptions options = {});
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Checks the name ([A-Za-z0-9_.-]{1,128}, unique), the description, and compiles the input
  // and output schemas. kInvalidArgument / kAlreadyExists on a bad declaration.
  Status AddTool(ToolDefinition def);

  // Offers the Tasks extension (io.modelcontextprotocol/tasks) to 2026-07-28 requests: it is
  // announced by server/discover and tasks/* are answered through `tasks`. Before Run().
  void SetTaskService(std::shared_ptr<TaskService> tasks);

  int Run(int in_fd, int out_fd);

  void RequestShutdown();

  std::shared_ptr<spdlog::sinks::sink> client_log_sink() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ua::mcp
