#include "mcp/server.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <exception>
#include <functional>
#include <optional>
#include <variant>

#include <spdlog/spdlog.h>

#include "base/json_text.h"
#include "mcp/call_context.h"
#include "mcp/call_worker.h"
#include "mcp/client_log.h"
#include "mcp/client_log_sink.h"
#include "mcp/client_requests.h"
#include "mcp/json_rpc.h"
#include "mcp/line_reader.h"
#include "mcp/log_level.h"
#include "mcp/negotiation.h"
#include "mcp/progress_reporter.h"
#include "mcp/request_envelope.h"
#include "mcp/session.h"
#include "mcp/task_service.h"
#include "mcp/tool_call.h"
#include "mcp/tool_registry.h"
#include "mcp/writer.h"

namespace ua::mcp {

namespace {

using Json = nlohmann::json;
// Called exactly once per message with its response, or nullopt when it gets none.
using Reply = std::function<void(std::optional<Json>)>;

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

// Methods of the 2025 era that revision 2026-07-28 removed.
bool RemovedInModernEra(const std::string& method) {
  return method == "initialize" || method == "ping" || method == "logging/setLevel";
}

}  // namespace

struct Server::Impl {
  ServerInfo info;
  ServerOptions options;
  ToolRegistry registry;
  Session session;
  std::shared_ptr<ClientLog> client_log = std::make_shared<ClientLog>();
  std::shared_ptr<ClientLogSink> sink = std::make_shared<ClientLogSink>(client_log);
  std::shared_ptr<TaskService> tasks;
  std::shared_ptr<Writer> writer;
  std::shared_ptr<ClientRequests> client_requests;
  std::unique_ptr<CallWorker> worker;
  int wake_pipe[2] = {-1, -1};

  void HandleLine(const std::string& line);
  void HandleValue(const Json& value, const Reply& reply);
  void HandleRequest(const Message& m, const Reply& reply);
  void HandleNotification(const Message& m);
  void HandleModern(const Message& m, const Reply& reply);
  void Initialize(const Message& m, const Reply& reply);
  Result<Json> ToolsPage(const Message& m);
  // `envelope` is set for a modern request.
  void ToolsCall(const Message& m, const Reply& reply, const RequestEnvelope* envelope);
  void Tasks(const Message& m, const Reply& reply, const CallRequest& request);
  void SetLevel(const Message& m, const Reply& reply);
  Json ServerInfoJson() const;
  // A result of the modern era: `resultType` and serverInfo in _meta.
  Json Modern(Json result, const char* result_type) const;
  Json Discover() const;
  Json CallResponse(const Json& id, const ToolResult& result, bool modern) const;
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

void Server::SetTaskService(std::shared_ptr<TaskService> tasks) { impl_->tasks = std::move(tasks); }

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
  s.client_requests = std::make_shared<ClientRequests>(s.writer);
  s.client_log->Open(s.writer);
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
  s.client_requests->Close();
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
  if (NestingDepth(line) > kMaxNestingDepth) {
    // Parsed once more with everything below the limit dropped, only to answer under its id.
    Json shallow = Json::parse(
        line,
        [](int depth, Json::parse_event_t, Json&) {
          return depth <= static_cast<int>(kMaxNestingDepth);
        },
        /*allow_exceptions=*/false);
    Json id = shallow.is_object() && shallow.contains("id") && IsValidId(shallow["id"])
                  ? shallow["id"]
                  : Json();
    writer->Write(MakeError(id, kInvalidRequest,
                            "Invalid Request: JSON nested deeper than " +
                                std::to_string(kMaxNestingDepth) + " levels"));
    return;
  }
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
        if (!client_requests->OnResponse(m.response)) {
          spdlog::debug("ignored a response to no request of ours: {}", Serialize(m.response));
        }
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
  // Served per message: a request with the 2026-07-28 envelope is modern whether or not this
  // process saw initialize.
  if (m.method == "server/discover" || HasModernEnvelope(m.params)) {
    HandleModern(m, reply);
    return;
  }
  if (m.method == "ping") {
    reply(MakeResult(m.id, Json::object()));
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
    auto page = ToolsPage(m);
    reply(page.ok()
              ? MakeResult(m.id, std::move(*page))
              : MakeError(m.id, kInvalidParams, "Invalid params: " + page.status().message()));
  } else if (m.method == "tools/call") {
    ToolsCall(m, reply, nullptr);
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
  auto version = session.Initialize(
      m.params["protocolVersion"].get<std::string>(), StringMember(client_info, "name"),
      StringMember(client_info, "version"), m.params.value("capabilities", Json::object()));
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
  spdlog::debug("initialized: client {} {}, protocol {}", StringMember(client_info, "name"),
                StringMember(client_info, "version"), *version);
}

Result<Json> Server::Impl::ToolsPage(const Message& m) {
  std::optional<std::string> cursor;
  auto it = m.params.find("cursor");
  if (it != m.params.end() && !it->is_null()) {
    if (!it->is_string()) return InvalidArgument("cursor must be a string");
    cursor = it->get<std::string>();
  }
  return registry.List(cursor, options.tools_page_size);
}

void Server::Impl::HandleModern(const Message& m, const Reply& reply) {
  auto read = ReadRequestEnvelope(m.params);
  if (const auto* error = std::get_if<ProtocolError>(&read)) {
    reply(MakeError(m.id, *error));
    return;
  }
  const RequestEnvelope& envelope = std::get<RequestEnvelope>(read);
  if (m.method == "server/discover") {
    reply(MakeResult(m.id, Modern(Discover(), "complete")));
  } else if (m.method == "tools/list") {
    auto page = ToolsPage(m);
    if (!page.ok()) {
      reply(MakeError(m.id, kInvalidParams, "Invalid params: " + page.status().message()));
      return;
    }
    (*page)["ttlMs"] = options.cache_ttl_ms;
    (*page)["cacheScope"] = "public";
    reply(MakeResult(m.id, Modern(std::move(*page), "complete")));
  } else if (m.method == "tools/call") {
    ToolsCall(m, reply, &envelope);
  } else if (m.method.rfind("tasks/", 0) == 0) {
    Tasks(m, reply,
          CallRequest{.modern = true,
                      .capabilities = envelope.client_capabilities,
                      .input_responses = nullptr,
                      .request_state = std::nullopt});
  } else if (RemovedInModernEra(m.method)) {
    reply(MakeError(m.id, kMethodNotFound,
                    "Method not found: " + m.method +
                        " is not part of protocol 2026-07-28, which needs no session. Send "
                        "requests with the per-request _meta envelope, or send initialize "
                        "without it to use protocol 2025-11-25."));
  } else {
    reply(MakeError(m.id, kMethodNotFound, "Method not found: " + m.method));
  }
}

Json Server::Impl::ServerInfoJson() const {
  Json server_info = {{"name", info.name}, {"version", info.version}};
  if (!info.title.empty()) server_info["title"] = info.title;
  return server_info;
}

Json Server::Impl::Modern(Json result, const char* result_type) const {
  result["resultType"] = result_type;
  result["_meta"][kMetaServerInfo] = ServerInfoJson();
  return result;
}

Json Server::Impl::Discover() const {
  Json versions = Json::array();
  for (std::string_view v : kModernProtocolVersions) versions.push_back(v);
  Json capabilities = {{"tools", Json::object()}, {"logging", Json::object()}};
  if (tasks) capabilities["extensions"] = {{kTasksExtension, Json::object()}};
  Json result = {{"supportedVersions", std::move(versions)},
                 {"capabilities", std::move(capabilities)},
                 {"ttlMs", options.cache_ttl_ms},
                 {"cacheScope", "public"}};
  if (!info.instructions.empty()) result["instructions"] = info.instructions;
  return result;
}

Json Server::Impl::CallResponse(const Json& id, const ToolResult& result, bool modern) const {
  if (result.protocol_error) return MakeError(id, *result.protocol_error);
  if (result.task || result.input_required) {
    if (!modern) {
      spdlog::error("a tool answered a 2025-era call with a task or input_required result");
      return MakeError(id, kInternalError,
                       "Internal error: the tool answered with a result of protocol 2026-07-28");
    }
    return result.task ? MakeResult(id, Modern(*result.task, "task"))
                       : MakeResult(id, Modern(*result.input_required, "input_required"));
  }
  Json out = ToCallToolResult(result);
  return MakeResult(id, modern ? Modern(std::move(out), "complete") : std::move(out));
}

void Server::Impl::ToolsCall(const Message& m, const Reply& reply,
                             const RequestEnvelope* envelope) {
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
  const bool modern = envelope != nullptr;
  CallRequest request;
  request.modern = modern;
  request.capabilities = modern ? envelope->client_capabilities : session.capabilities();
  // A 2025 client may only be asked in a revision that has elicitation.
  if (!modern && !ProtocolHasElicitation(session.client().protocol_version)) {
    request.capabilities.erase("elicitation");
  }
  if (modern) {
    auto responses = m.params.find("inputResponses");
    if (responses != m.params.end() && !responses->is_null()) {
      if (!responses->is_object()) {
        reply(MakeError(m.id, kInvalidParams, "Invalid params: inputResponses must be an object"));
        return;
      }
      request.input_responses = *responses;
    }
    auto state = m.params.find("requestState");
    if (state != m.params.end() && !state->is_null()) {
      if (!state->is_string()) {
        reply(MakeError(m.id, kInvalidParams, "Invalid params: requestState must be a string"));
        return;
      }
      request.request_state = state->get<std::string>();
    }
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
    reply(modern ? MakeError(m.id, kInvalidParams, "Invalid params: " + *invalid)
                 : MakeResult(m.id, ToCallToolResult(ToolResult::Error(*invalid))));
    return;
  }
  auto progress = std::make_shared<ProgressReporter>(
      ProgressReporter::TokenFromParams(m.params),
      [w = writer](const Json& notification) { w->Write(notification); });
  ClientInfo client = modern ? ClientInfo{envelope->client_name, envelope->client_version,
                                          envelope->protocol_version}
                             : session.client();
  std::optional<LogLevel> log_level = modern ? envelope->log_level : std::nullopt;
  auto run = [this, tool, arguments = std::move(arguments), progress, id = m.id, client,
              request = std::move(request), log_level](std::stop_token stop) -> Json {
    if (log_level) client_log->BeginRequest(*log_level);
    Json response;
    try {
      CallContext ctx(std::move(stop), *progress, *client_log, client, request,
                      request.modern ? nullptr : client_requests.get());
      response = CallResponse(id, RunToolCall(*tool, arguments, ctx), request.modern);
    } catch (const std::exception& e) {
      spdlog::error("internal error in tools/call {}: {}", tool->definition.name, e.what());
      response = MakeError(id, kInternalError, std::string("Internal error: ") + e.what());
    }
    progress->Close();
    if (log_level) client_log->EndRequest();
    return response;
  };
  auto on_cancel = [this, progress, log_level] {
    progress->Close();
    if (log_level) client_log->EndRequest();
  };
  if (!worker->Submit(key, std::move(run), reply, std::move(on_cancel))) id_in_use();
}

void Server::Impl::Tasks(const Message& m, const Reply& reply, const CallRequest& request) {
  if (!tasks) {
    reply(MakeError(m.id, kMethodNotFound, "Method not found: " + m.method));
    return;
  }
  if (!request.DeclaresExtension(kTasksExtension)) {
    reply(MakeError(
        m.id, kMissingRequiredClientCapability,
        std::string("Missing client capability: ") + m.method + " needs the " + kTasksExtension +
            " extension declared in this request's clientCapabilities.extensions",
        Json{{"requiredCapabilities", {{"extensions", {{kTasksExtension, Json::object()}}}}}}));
    return;
  }
  auto task_id = m.params.find("taskId");
  if (task_id == m.params.end() || !task_id->is_string()) {
    reply(MakeError(m.id, kInvalidParams, "Invalid params: taskId must be a string"));
    return;
  }
  const std::string id = task_id->get<std::string>();
  auto answer = [&](const Status& status, Json result) {
    if (status.ok()) {
      reply(MakeResult(m.id, Modern(std::move(result), "complete")));
    } else if (status.code() == StatusCode::kNotFound ||
               status.code() == StatusCode::kInvalidArgument) {
      reply(MakeError(m.id, kInvalidParams, "Invalid params: " + status.message()));
    } else {
      reply(MakeError(m.id, kInternalError, "Internal error: " + status.message()));
    }
  };
  if (m.method == "tasks/get") {
    auto task = tasks->Get(id);
    answer(task.status(), task.ok() ? std::move(*task) : Json());
  } else if (m.method == "tasks/update") {
    auto responses = m.params.find("inputResponses");
    if (responses == m.params.end() || !responses->is_object()) {
      reply(MakeError(m.id, kInvalidParams, "Invalid params: inputResponses must be an object"));
      return;
    }
    answer(tasks->Update(id, *responses), Json::object());
  } else if (m.method == "tasks/cancel") {
    answer(tasks->Cancel(id), Json::object());
  } else {
    reply(MakeError(m.id, kMethodNotFound, "Method not found: " + m.method));
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
