// The per-request envelope of MCP revision 2026-07-28 ("modern" era): every request carries,
// in params._meta, the protocol version, the client's capabilities for this request, and
// optionally clientInfo and a log level. Such a request is served statelessly, whether or not
// the process saw `initialize` before; nothing is inferred from earlier requests.
//
// ReadRequestEnvelope checks the envelope of one request and answers, in this order:
//   - _meta or a required key missing, or a key of the wrong type -> -32602 naming the key;
//   - a version this server does not serve -> -32022 with data {supported, requested};
//   - an unknown logLevel -> -32602.
//
// Pure functions; safe from any thread.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include <nlohmann/json.hpp>

#include "mcp/json_rpc.h"
#include "mcp/tool.h"

namespace ua::mcp {

inline constexpr std::array<std::string_view, 1> kModernProtocolVersions = {"2026-07-28"};

inline constexpr char kMetaProtocolVersion[] = "io.modelcontextprotocol/protocolVersion";
inline constexpr char kMetaClientCapabilities[] = "io.modelcontextprotocol/clientCapabilities";
inline constexpr char kMetaClientInfo[] = "io.modelcontextprotocol/clientInfo";
inline constexpr char kMetaLogLevel[] = "io.modelcontextprotocol/logLevel";
inline constexpr char kMetaServerInfo[] = "io.modelcontextprotocol/serverInfo";

struct RequestEnvelope {
  std::string protocol_version;
  nlohmann::json client_capabilities = nlohmann::json::object();
  std::string client_name, client_version;  // "" when the request named no client
  std::optional<LogLevel> log_level;        // notifications/message only when set
};

// True when params._meta names a protocol version: the request is in the modern era.
bool HasModernEnvelope(const nlohmann::json& params);

std::variant<RequestEnvelope, ProtocolError> ReadRequestEnvelope(const nlohmann::json& params);

}  // namespace ua::mcp
