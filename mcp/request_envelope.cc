#include "mcp/request_envelope.h"

#include <algorithm>

#include "base/json_text.h"
#include "mcp/log_level.h"

namespace ua::mcp {
namespace {

using nlohmann::json;

ProtocolError BadEnvelope(const std::string& what) {
  return {kInvalidParams,
          "Invalid params: " + what +
              ". A request of protocol 2026-07-28 carries params._meta with \"" +
              kMetaProtocolVersion + "\" (a string) and \"" + kMetaClientCapabilities +
              "\" (an object, {} for none).",
          std::nullopt};
}

// nullopt when meta[key] exists and is of the wanted type; else the error naming the key.
std::optional<ProtocolError> RequireMember(const json& meta, const char* key,
                                           bool (json::*has_type)() const noexcept,
                                           const char* wanted) {
  const std::string where = std::string("params._meta[\"") + key + "\"]";
  auto it = meta.find(key);
  if (it == meta.end()) return BadEnvelope(where + " is missing");
  if (!((*it).*has_type)()) return BadEnvelope(where + " must be " + wanted);
  return std::nullopt;
}

}  // namespace

bool HasModernEnvelope(const json& params) {
  if (!params.is_object()) return false;
  auto meta = params.find("_meta");
  return meta != params.end() && meta->is_object() && meta->contains(kMetaProtocolVersion);
}

std::variant<RequestEnvelope, ProtocolError> ReadRequestEnvelope(const json& params) {
  if (!params.is_object()) return BadEnvelope("params must be an object");
  auto meta = params.find("_meta");
  if (meta == params.end()) return BadEnvelope("params._meta is missing");
  if (!meta->is_object()) return BadEnvelope("params._meta must be an object");
  if (auto bad = RequireMember(*meta, kMetaProtocolVersion, &json::is_string, "a string")) {
    return *bad;
  }
  if (auto bad = RequireMember(*meta, kMetaClientCapabilities, &json::is_object, "an object")) {
    return *bad;
  }
  auto version = meta->find(kMetaProtocolVersion);
  auto capabilities = meta->find(kMetaClientCapabilities);
  RequestEnvelope envelope;
  envelope.protocol_version = version->get<std::string>();
  const bool supported = std::find(kModernProtocolVersions.begin(), kModernProtocolVersions.end(),
                                   envelope.protocol_version) != kModernProtocolVersions.end();
  if (!supported) {
    json listed = json::array();
    for (std::string_view v : kModernProtocolVersions) listed.push_back(v);
    return ProtocolError{kUnsupportedProtocolVersion,
                         "Unsupported protocol version '" + envelope.protocol_version +
                             "': this server serves 2026-07-28 per request, and 2025-11-25 "
                             "and older through initialize",
                         json{{"supported", listed}, {"requested", envelope.protocol_version}}};
  }
  envelope.client_capabilities = *capabilities;
  auto info = meta->find(kMetaClientInfo);
  if (info != meta->end() && info->is_object()) {
    envelope.client_name = StringMember(*info, "name");
    envelope.client_version = StringMember(*info, "version");
  }
  auto level = meta->find(kMetaLogLevel);
  if (level != meta->end()) {
    std::optional<LogLevel> parsed;
    if (level->is_string()) parsed = ParseLogLevel(level->get<std::string>());
    if (!parsed) {
      return ProtocolError{kInvalidParams,
                           std::string("Invalid params: params._meta[\"") + kMetaLogLevel +
                               "\"] must be one of debug, info, notice, warning, error, "
                               "critical, alert, emergency",
                           std::nullopt};
    }
    envelope.log_level = parsed;
  }
  return envelope;
}

}  // namespace ua::mcp
