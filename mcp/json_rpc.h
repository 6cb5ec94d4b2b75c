// JSON-RPC 2.0 message classification and response builders.
//
// Classify() sorts one parsed JSON value into a request, a notification, a response (which
// this server ignores: it never sends requests) or an invalid message, keeping the id with
// its exact JSON type so responses echo it unchanged. Ids are strings or integers; null,
// fractional numbers, booleans and structures are invalid. An error for a message whose id
// cannot be read carries no `id` member at all (the official SDK rejects `"id": null`).
//
// Pure functions on values; safe from any thread.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace ua::mcp {

enum ErrorCode : int {
  kParseError = -32700,
  kInvalidRequest = -32600,
  kMethodNotFound = -32601,
  kInvalidParams = -32602,
  kInternalError = -32603,
};

enum class MessageKind { kRequest, kNotification, kResponse, kInvalid };

struct Message {
  MessageKind kind = MessageKind::kInvalid;
  nlohmann::json id;   // requests: the id as sent; kInvalid: the id if readable, else null
  std::string method;  // requests and notifications
  nlohmann::json params = nlohmann::json::object();  // absent params read as {}
  std::string error;                                 // kInvalid: why
};

bool IsValidId(const nlohmann::json& id);

Message Classify(const nlohmann::json& value);

// {"jsonrpc":"2.0","id":id,"result":result}
nlohmann::json MakeResult(const nlohmann::json& id, nlohmann::json result);

// {"jsonrpc":"2.0","id":id,"error":{code,message[,data]}}; without "id" when `id` is null.
nlohmann::json MakeError(const nlohmann::json& id, int code, const std::string& message,
                         std::optional<nlohmann::json> data = std::nullopt);

nlohmann::json MakeNotification(const std::string& method, nlohmann::json params);

}  // namespace ua::mcp
