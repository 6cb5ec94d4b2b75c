// The tool-facing side of the MCP server: how a tool is declared and what its handler sees.
//
// A tool is declared once (ToolDefinition): name, title, description, annotations, input and
// output schema, handler. The server validates `arguments` against the input schema before
// the handler runs; a violation becomes an isError result naming the JSON path and the rule
// broken, so handlers only ever see schema-valid arguments, completed with the schema's
// "default"s (tool_arguments.h): a default is declared in the schema and nowhere else.
//
// Threading: a handler runs on the server's worker thread, one tool call at a time. The
// ToolContext it receives is valid only for the duration of the call; its methods may be
// called from the handler's thread only. Progress and log notifications are queued to the
// single writer that owns stdout.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "base/json_schema.h"
#include "base/status.h"
#include "mcp/json_rpc.h"

namespace ua::mcp {

// MCP logging levels (RFC 5424 order).
enum class LogLevel { kDebug, kInfo, kNotice, kWarning, kError, kCritical, kAlert, kEmergency };

struct ClientInfo {
  std::string name;              // from initialize's clientInfo.name ("" before initialize)
  std::string version;           // from clientInfo.version
  std::string protocol_version;  // negotiated revision, e.g. "2025-11-25"
};

// What the client sent with one call besides the arguments, and in which era.
struct CallRequest {
  // Served in revision 2026-07-28 (the request carried the per-request envelope); false for
  // a call in a session opened with initialize (2025-11-25 and older).
  bool modern = false;
  // The client's capabilities: modern, this request's own; legacy, those declared at
  // initialize.
  nlohmann::json capabilities = nlohmann::json::object();
  // Modern retry of an input_required answer: the client's answers (an object; null when
  // none) and the requestState it echoed.
  nlohmann::json input_responses;
  std::optional<std::string> request_state;

  // `elicitation: {}` or `elicitation: {form: {...}}`.
  bool DeclaresFormElicitation() const;
  // capabilities.extensions[name] is present, e.g. "io.modelcontextprotocol/tasks".
  bool DeclaresExtension(std::string_view name) const;
};

inline constexpr char kTasksExtension[] = "io.modelcontextprotocol/tasks";

class ToolContext {
 public:
  virtual ~ToolContext() = default;

  // Cancellation: set when the client sent notifications/cancelled for this call, or when the
  // server is shutting down (stdin EOF). Handlers check it at safe points.
  virtual std::stop_token stop_token() const = 0;

  // Sends notifications/progress if (and only if) the client sent a progressToken. Values
  // that are not strictly greater than the last one sent are dropped, so callers may report
  // freely. `total` is sent when given; `message` when non-empty.
  virtual void Progress(double progress, std::optional<double> total,
                        const std::string& message) = 0;

  // Sends notifications/message when `level` is at or above the level the client set with
  // logging/setLevel (nothing is sent before the client sets a level... see server.h).
  virtual void Log(LogLevel level, const std::string& logger, const nlohmann::json& data) = 0;

  virtual const ClientInfo& client() const = 0;

  virtual const CallRequest& request() const = 0;

  // Legacy era only: sends the server-to-client request `elicitation/create` with `params`
  // and waits for the client's ElicitResult ({action, content?}). kFailedPrecondition when
  // this call cannot ask (modern era, or the client declared no elicitation at initialize);
  // kCancelled when the call is cancelled or the server shuts down while waiting;
  // kTimeout after 10 minutes; kInvalidArgument when the client answered with an
  // error.
  virtual Result<nlohmann::json> Elicit(const nlohmann::json& params) = 0;
};

// What a handler returns. The server turns it into a CallToolResult:
//   content: [{type:text, text: human_text}, {type:text, text: structured.dump()}]
//   structuredContent: structured (when it is an object), isError: is_error.
// unless one of the three alternatives below is set (at most one): then the call is answered
// with that instead. `input_required` and `task` exist only in the modern era; a handler
// returning them to a legacy call is a bug, answered as an internal error.
struct ToolResult {
  nlohmann::json structured = nlohmann::json::object();
  std::string human_text;
  bool is_error = false;

  // A JSON-RPC error instead of a result (e.g. -32021 when the client must declare a
  // capability for this call).
  std::optional<ProtocolError> protocol_error;
  // Modern: {inputRequests, requestState}, answered with resultType "input_required".
  std::optional<nlohmann::json> input_required;
  // Modern, Tasks declared by the request: the Task (taskId, status, createdAt, ...),
  // answered with resultType "task".
  std::optional<nlohmann::json> task;

  static ToolResult Error(std::string message, nlohmann::json structured = nullptr);
};

struct ToolAnnotations {
  bool read_only = false;
  bool destructive = false;
  bool idempotent = false;
  bool open_world = false;
};

using ToolHandler = std::function<ToolResult(const nlohmann::json& arguments, ToolContext& ctx)>;

struct ToolDefinition {
  std::string name;
  std::string title;
  std::string description;
  ToolAnnotations annotations;
  nlohmann::json input_schema;   // root type "object"
  nlohmann::json output_schema;  // root type "object"; empty/null = none declared
  ToolHandler handler;
};

}  // namespace ua::mcp
