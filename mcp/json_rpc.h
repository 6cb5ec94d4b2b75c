// JSON-RPC 2.0 message classification and response builders.
//
// Classify() sorts one parsed JSON value into a request, a notification, a response or an
// invalid message, keeping the id with
// its exact JSON type so responses echo it unchanged. Ids are strings or integers; null,
// fractional numbers, booleans and structures are invalid. An error for a message whose id
// cannot be read carries no `id` member at all (the official SDK rejects `"id": null`).
// Responses are kept whole: they answer the server's own requests (client_requests.h).
//
// Pure functions on values; safe from any thread.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace ua::mcp {

enum ErrorCode : int {
  kParseError = -32700,
  kInvalidRequest = -32600,
  kMethodNotFound = -32601,
  kInvalidParams = -32602,
  kInternalError = -32603,
  // Revision 2026-07-28.
  kMissingRequiredClientCapability = -32021,
  kUnsupportedProtocolVersion = -32022,
};

// A JSON-RPC error object, as a handler returns it instead of a result.
struct ProtocolError {
  int code = kInternalError;
  std::string message;
  std::optional<nlohmann::json> data;
};

enum class MessageKind { kRequest, kNotification, kResponse, kInvalid };

struct Message {
  MessageKind kind = MessageKind::kInvalid;
  nlohmann::json id;   // requests: the id as sent; kInvalid: the id if readable, else null
  std::string method;  // requests and notifications
  nlohmann::json params = nlohmann::json::object();  // absent params read as {}
  std::string error;                                 // kInvalid: why
  nlohmann::json response;  // kResponse: the whole message (its result or error)
};

bool IsValidId(const nlohmann::json& id);

// Messages nest no deeper than this (objects and arrays): deeper documents are refused before
// they are parsed, since copying and validating JSON recurses once per level.
inline constexpr size_t kMaxNestingDepth = 128;

// The deepest nesting of objects and arrays in JSON text (brackets inside strings do not
// count). Linear, no recursion; meaningful for well-formed text, harmless for any other.
size_t NestingDepth(std::string_view text);

Message Classify(const nlohmann::json& value);

// {"jsonrpc":"2.0","id":id,"result":result}
nlohmann::json MakeResult(const nlohmann::json& id, nlohmann::json result);

// {"jsonrpc":"2.0","id":id,"error":{code,message[,data]}}; without "id" when `id` is null.
nlohmann::json MakeError(const nlohmann::json& id, int code, const std::string& message,
                         std::optional<nlohmann::json> data = std::nullopt);

nlohmann::json MakeError(const nlohmann::json& id, const ProtocolError& error);

nlohmann::json MakeNotification(const std::string& method, nlohmann::json params);

}  // namespace ua::mcp
