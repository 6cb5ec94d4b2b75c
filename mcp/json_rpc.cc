#include "mcp/json_rpc.h"

#include <algorithm>

namespace ua::mcp {

bool IsValidId(const nlohmann::json& id) { return id.is_string() || id.is_number_integer(); }

size_t NestingDepth(std::string_view text) {
  size_t depth = 0, deepest = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

Message Classify(const nlohmann::json& value) {
  Message m;
  if (!value.is_object()) {
    m.error = "a JSON-RPC message must be an object";
    return m;
  }
  auto id_it = value.find("id");
  const bool has_id = id_it != value.end();
  if (has_id && IsValidId(*id_it)) m.id = *id_it;

  auto version = value.find("jsonrpc");
  if (version == value.end() || *version != "2.0") {
    m.error = "\"jsonrpc\" must be \"2.0\"";
    return m;
  }
  auto method = value.find("method");
  if (method == value.end()) {
    if (has_id && (value.contains("result") || value.contains("error"))) {
      m.kind = MessageKind::kResponse;
      m.response = value;
      return m;
    }
    m.error = "missing \"method\"";
    return m;
  }
  if (!method->is_string()) {
    m.error = "\"method\" must be a string";
    return m;
  }
  if (has_id && !IsValidId(*id_it)) {
    m.error = "\"id\" must be a string or an integer";
    return m;
  }
  auto params = value.find("params");
  if (params != value.end()) {
    if (!params->is_object() && !params->is_array()) {
      m.error = "\"params\" must be an object or an array";
      return m;
    }
    m.params = *params;
  }
  m.method = method->get<std::string>();
  m.kind = has_id ? MessageKind::kRequest : MessageKind::kNotification;
  return m;
}

nlohmann::json MakeResult(const nlohmann::json& id, nlohmann::json result) {
  return {{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}};
}

nlohmann::json MakeError(const nlohmann::json& id, int code, const std::string& message,
                         std::optional<nlohmann::json> data) {
  nlohmann::json error = {{"code", code}, {"message", message}};
  if (data) error["data"] = std::move(*data);
  nlohmann::json out = {{"jsonrpc", "2.0"}};
  if (!id.is_null()) out["id"] = id;
  out["error"] = std::move(error);
  return out;
}

nlohmann::json MakeError(const nlohmann::json& id, const ProtocolError& error) {
  return MakeError(id, error.code, error.message, error.data);
}

nlohmann::json MakeNotification(const std::string& method, nlohmann::json params) {
  return {{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}};
}

}  // namespace ua::mcp
