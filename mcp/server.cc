#include "mcp/server.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <exception>
#include <functional>
#include <optional>

#include <spdlog/spdlog.h>

#include "mcp/call_worker.h"
#include "mcp/client_log.h"
#include "mcp/client_log_sink.h"
#include "mcp/json_rpc.h"
#include "mcp/line_reader.h"
#include "mcp/log_level.h"
#include "mcp/progress_reporter.h"
#include "mcp/session.h"
#include "mcp/tool_call.h"
#include "mcp/tool_registry.h"
#include "mcp/writer.h"

namespace ua::mcp {

namespace {

using Json = nlohmann::json;
// Called exactly once per message with its response, or nullopt when it gets none.
using Reply = std::function<void(std::optional<Json>)>;

class CallContext : public ToolContext {
 public:
  CallContext(std::stop_token stop, ProgressReporter& progress, ClientLog& log, ClientInfo client)
      : stop_(std::move(stop)), progress_(progress), log_(log), client_(std::move(client)) {}

  std::stop_token stop_token() const override { return stop_; }
  void Progress(double progress, std::optional<double> total, const std::string& message) override {
    progress_.Report(progress, total, message);
  }
  void Log(LogLevel level, const std::string& logger, const Json& data) override {
    log_.Send(level, logger, data);
  }
  const ClientInfo& client() const override { return client_; }

 private:
  std::stop_token stop_;
  ProgressReporter& progress_;
  ClientLog& log_;
  ClientInfo client_;
};

// Collects the answers of one batch and writes them as one array when the last arrives.
class BatchReply {
 public:
  BatchReply(size_t pending, std::shared_ptr<Writer> writer)
      : pending_(pending), writer_(std::move(writer)) {}

  void Add(std::optional<Json> response) {
    Json done;
    {
      std::lock_guard lock(mu_);
      if (response) responses_.push_back(std::move(*response));
      if (--pending_ > 0 || responses_.empty()) return;
      done = std::move(responses_);
    }
    writer_->Write(done);
  }

 private:
  std::mutex mu_;
  size_t pending_;
  Json responses_ = Json::array();
  std::shared_ptr<Writer> writer_;
};

// Moves the protocol to a private close-on-exec copy of fd 1 and points fd 1 at stderr.
Result<int> TakeProtocolStdout() {
  int copy = ::fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
  if (copy < 0) return ErrnoStatus("duplicate stdout", errno);
  if (::dup2(STDERR_FILENO, STDOUT_FILENO) < 0) {
    Status status = ErrnoStatus("point stdout at stderr", errno);
    ::close(copy);
    return status;
  }
  return copy;
}

std::string StringOr(const Json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

struct Server::Impl {
  ServerInfo info;
  ServerOptions options;
  ToolRegistry registry;
  Session session;
  std::shared_ptr<ClientLog> client_log = std::make_shared<ClientLog>();
  std::shared_ptr<ClientLogSink> sink = std::make_shared<ClientLogSink>(client_log);
  std::shared_ptr<Writer> writer;
  std::unique_ptr<CallWorker> worker;
  int wake_pipe[2] = {-1, -1};

  void HandleLine(const std::string& line);
  void HandleValue(const Json& value, const Reply& reply);
  void HandleRequest(const Message& m, const Reply& reply);
  void HandleNotification(const Message& m);
  void Initialize(const Message& m, const Reply& reply);
  void ToolsList(const Message& m, const Reply& reply);
  void ToolsCall(const Message& m, const Reply& reply);
  void SetLevel(const Message& m, const Reply& reply);
  Reply WriteReply() {
    return [w = writer](std::optional<Json> r) {
      if (r) w->Write(*r);
    };
  }
};

Server::Server(ServerInfo info, ServerOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->info = std::move(info);
  impl_->options = options;
  if (::pipe(impl_->wake_pipe) == 0) {
    for (int fd : impl_->wake_pipe) {
      ::fcntl(fd, F_SETFD, FD_CLOEXEC);
      ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
    }
  } else {
    impl_->wake_pipe[0] = impl_->wake_pipe[1] = -1;
  }
}

Server::~Server() {
  impl_->client_log->Close();
  for (int fd : impl_->wake_pipe) {
    if (fd >= 0) ::close(fd);
  }
}

Status Server::AddTool(ToolDefinition def) { return impl_->registry.Add(std::move(def)); }

std::shared_ptr<spdlog::sinks::sink> Server::client_log_sink() const { return impl_->sink; }

void Server::RequestShutdown() {
  if (impl_->wake_pipe[1] < 0) return;
  char byte = 1;
  ssize_t ignored = ::write(impl_->wake_pipe[1], &byte, 1);
  (void)ignored;
}

int Server::Run(int in_fd, int out_fd) {
  std::signal(SIGPIPE, SIG_IGN);
  Impl& s = *impl_;
  int wire_fd = out_fd;
  if (s.options.protect_stdout && out_fd == STDOUT_FILENO) {
    auto taken = TakeProtocolStdout();
    if (!taken.ok()) {
      spdlog::error("refusing to serve: cannot protect stdout: {}", taken.status().ToString());
      return 1;
    }
    wire_fd = *taken;
  }
  s.writer = std::make_shared<Writer>(wire_fd);
  s.worker = std::make_unique<CallWorker>();
  LineReader reader(in_fd, s.wake_pipe[0]);
  int exit_code = 0;
  std::string line;
  for (bool done = false; !done;) {
    switch (reader.Next(line)) {
      case LineReader::Event::kLine:
        s.HandleLine(line);
        break;
      case LineReader::Event::kOverlong:
        s.writer->Write(MakeError(nullptr, kParseError, "Parse error: message too long"));
        break;
      case LineReader::Event::kEof:
        spdlog::debug("stdin closed: shutting down");
        done = true;
        break;
      case LineReader::Event::kWoken:
        spdlog::debug("shutdown requested");
        done = true;
        break;
      case LineReader::Event::kError:
        spdlog::error("reading stdin failed: {}", std::strerror(reader.error()));
        exit_code = 1;
        done = true;
        break;
    }
  }
  s.worker->Shutdown();
  s.client_log->Close();
  s.writer->Close();
  if (wire_fd != out_fd) {
    ::dup2(wire_fd, out_fd);
    ::close(wire_fd);
  }
  return exit_code;
}

void Server::Impl::HandleLine(const std::string& line) {
  if (line.find_first_not_of(" \t\r") == std::string::npos) return;
  Json value = Json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded()) {
    writer->Write(MakeError(nullptr, kParseError, "Parse error: not a valid JSON document"));
    return;
  }
  if (!value.is_array()) {
    HandleValue(value, WriteReply());
    return;
  }
  if (!session.allows_batches()) {
    writer->Write(MakeError(nullptr, kInvalidRequest,
                            "Invalid Request: batches are only accepted when protocol version "
                            "2025-03-26 was negotiated"));
    return;
  }
  if (value.empty()) {
    writer->Write(MakeError(nullptr, kInvalidRequest, "Invalid Request: empty batch"));
    return;
  }
  auto batch = std::make_shared<BatchReply>(value.size(), writer);
  for (const Json& element : value) {
    HandleValue(element, [batch](std::optional<Json> r) { batch->Add(std::move(r)); });
  }
}

void Server::Impl::HandleValue(const Json& value, const Reply& reply) {
  Message m = Classify(value);
  try {
    switch (m.kind) {
      case MessageKind::kInvalid:
        reply(MakeError(m.id, kInvalidRequest, "Invalid Request: " + m.error));
        return;
      case MessageKind::kResponse:
        reply(std::nullopt);
        return;
      case MessageKind::kNotification:
        HandleNotification(m);
        reply(std::nullopt);
        return;
      case MessageKind::kRequest:
        HandleRequest(m, reply);
        return;
    }
  } catch (const std::exception& e) {
    spdlog::error("internal error handling {}: {}", m.method, e.what());
    if (m.kind == MessageKind::kRequest) {
      reply(MakeError(m.id, kInternalError, std::string("Internal error: ") + e.what()));
    } else {
      reply(std::nullopt);
    }
  }
}

void Server::Impl::HandleNotification(const Message& m) {
  if (m.method != "notifications/cancelled" || !m.params.is_object()) return;
  auto id = m.params.find("requestId");
  if (id == m.params.end() || !IsValidId(*id)) return;
  if (worker->Cancel(Serialize(*id))) {
    spdlog::debug("request {} cancelled by the client", Serialize(*id));
  }
}

void Server::Impl::HandleRequest(const Message& m, const Reply& reply) {
  if (m.method == "ping") {
    reply(MakeResult(m.id, Json::object()));
    return;
  }
  if (m.method == "server/discover") {
    reply(MakeError(m.id, kMethodNotFound, "Method not found: server/discover"));
    return;
  }
  if (m.method == "initialize") {
    Initialize(m, reply);
    return;
  }
  if (!session.initialized()) {
    reply(MakeError(m.id, kInvalidRequest,
                    "Invalid Request: send initialize first (received " + m.method + ")"));
    return;
  }
  if (!m.params.is_object()) {
    reply(MakeError(m.id, kInvalidParams, "Invalid params: params must be an object"));
    return;
  }
  if (m.method == "tools/list") {
    ToolsList(m, reply);
  } else if (m.method == "tools/call") {
    ToolsCall(m, reply);
  } else if (m.method == "logging/setLevel") {
    SetLevel(m, reply);
  } else {
    reply(MakeError(m.id, kMethodNotFound, "Method not found: " + m.method));
  }
}

void Server::Impl::Initialize(const Message& m, const Reply& reply) {
  if (session.initialized()) {
    reply(MakeError(m.id, kInvalidRequest, "Invalid Request: initialize was already received"));
    return;
  }
  if (!m.params.is_object() || !m.params.contains("protocolVersion") ||
      !m.params["protocolVersion"].is_string()) {
    reply(MakeError(m.id, kInvalidParams, "Invalid params: protocolVersion must be a string"));
    return;
  }
  Json client_info = m.params.value("clientInfo", Json::object());
  if (!client_info.is_object()) client_info = Json::object();
  auto version =
      session.Initialize(m.params["protocolVersion"].get<std::string>(),
                         StringOr(client_info, "name"), StringOr(client_info, "version"));
  if (!version.ok()) {
    reply(MakeError(m.id, kInvalidRequest, "Invalid Request: " + version.status().message()));
    return;
  }
  Json server_info = {{"name", info.name}, {"version", info.version}};
  if (!info.title.empty()) server_info["title"] = info.title;
  Json result = {{"protocolVersion", *version},
                 {"capabilities", {{"tools", Json::object()}, {"logging", Json::object()}}},
                 {"serverInfo", std::move(server_info)}};
  if (!info.instructions.empty()) result["instructions"] = info.instructions;
  reply(MakeResult(m.id, std::move(result)));
  client_log->Open(writer);
  spdlog::debug("initialized: client {} {}, protocol {}", StringOr(client_info, "name"),
                StringOr(client_info, "version"), *version);
}

void Server::Impl::ToolsList(const Message& m, const Reply& reply) {
  std::optional<std::string> cursor;
  auto it = m.params.find("cursor");
  if (it != m.params.end() && !it->is_null()) {
    if (!it->is_string()) {
      reply(MakeError(m.id, kInvalidParams, "Invalid params: cursor must be a string"));
      return;
    }
    cursor = it->get<std::string>();
  }
  auto page = registry.List(cursor, options.tools_page_size);
  if (!page.ok()) {
    reply(MakeError(m.id, kInvalidParams, "Invalid params: " + page.status().message()));
    return;
  }
  reply(MakeResult(m.id, std::move(*page)));
}

void Server::Impl::ToolsCall(const Message& m, const Reply& reply) {
  auto name = m.params.find("name");
  if (name == m.params.end() || !name->is_string()) {
    reply(MakeError(m.id, kInvalidParams, "Invalid params: name must be a string"));
    return;
  }
  const RegisteredTool* tool = registry.Find(name->get<std::string>());
  if (!tool) {
    reply(MakeError(m.id, kInvalidParams,
                    "Invalid params: unknown tool '" + name->get<std::string>() +
                        "'; call tools/list for the available tools"));
    return;
  }
  Json arguments = Json::object();
  auto args = m.params.find("arguments");
  if (args != m.params.end() && !args->is_null()) {
    if (!args->is_object()) {
      reply(MakeError(m.id, kInvalidParams, "Invalid params: arguments must be an object"));
      return;
    }
    arguments = *args;
  }
  const std::string key = Serialize(m.id);
  auto id_in_use = [&] {
    reply(MakeError(m.id, kInvalidRequest,
                    "Invalid Request: id " + key + " is already used by a request in flight"));
  };
  if (worker->InFlight(key)) {
    id_in_use();
    return;
  }
  // Checked here, not on the worker, so bad arguments are answered even while a deploy runs.
  if (auto invalid = CheckToolArguments(*tool, arguments)) {
    reply(MakeResult(m.id, std::move(*invalid)));
    return;
  }
  auto progress = std::make_shared<ProgressReporter>(
      ProgressReporter::TokenFromParams(m.params),
      [w = writer](const Json& notification) { w->Write(notification); });
  Json id = m.id;
  ClientLog* log = client_log.get();
  ClientInfo client = session.client();
  auto task = [tool, arguments = std::move(arguments), progress, id, log,
               client](std::stop_token stop) -> Json {
    try {
      CallContext ctx(std::move(stop), *progress, *log, client);
      Json result = RunToolCall(*tool, arguments, ctx);
      progress->Close();
      return MakeResult(id, std::move(result));
    } catch (const std::exception& e) {
      progress->Close();
      spdlog::error("internal error in tools/call {}: {}", tool->definition.name, e.what());
      return MakeError(id, kInternalError, std::string("Internal error: ") + e.what());
    }
  };
  if (!worker->Submit(key, std::move(task), reply, [progress] { progress->Close(); })) {
    id_in_use();
  }
}

void Server::Impl::SetLevel(const Message& m, const Reply& reply) {
  auto level = m.params.find("level");
  std::optional<LogLevel> parsed;
  if (level != m.params.end() && level->is_string()) {
    parsed = ParseLogLevel(level->get<std::string>());
  }
  if (!parsed) {
    reply(MakeError(m.id, kInvalidParams,
                    "Invalid params: level must be one of debug, info, notice, warning, error, "
                    "critical, alert, emergency"));
    return;
  }
  client_log->SetLevel(*parsed);
  reply(MakeResult(m.id, Json::object()));
}

}  // namespace ua::mcp
