#include "mcp/request_envelope.h"

#include <catch2/catch.hpp>

namespace ua::mcp {
namespace {

using nlohmann::json;

json Meta(json extra = json::object()) {
  json meta = {{kMetaProtocolVersion, "2026-07-28"}, {kMetaClientCapabilities, json::object()}};
  meta.update(extra);
  return {{"_meta", meta}};
}

ProtocolError ErrorOf(const json& params) {
  auto read = ReadRequestEnvelope(params);
  REQUIRE(std::holds_alternative<ProtocolError>(read));
  return std::get<ProtocolError>(read);
}

TEST_CASE("A complete envelope is read with its client and log level", "[mcp][envelope]") {
  auto read =
      ReadRequestEnvelope(Meta({{kMetaClientInfo, {{"name", "c"}, {"version", "2"}}},
                                {kMetaLogLevel, "warning"},
                                {kMetaClientCapabilities, {{"elicitation", json::object()}}}}));
  REQUIRE(std::holds_alternative<RequestEnvelope>(read));
  const auto& e = std::get<RequestEnvelope>(read);
  CHECK(e.protocol_version == "2026-07-28");
  CHECK(e.client_name == "c");
  CHECK(e.client_version == "2");
  CHECK(e.log_level == LogLevel::kWarning);
  CHECK(e.client_capabilities.contains("elicitation"));
  CHECK(HasModernEnvelope(Meta()));
  CHECK_FALSE(HasModernEnvelope({{"_meta", {{"progressToken", 1}}}}));
  CHECK_FALSE(HasModernEnvelope(json::array()));
}

TEST_CASE("Envelope errors name the key, and versions get -32022", "[mcp][envelope]") {
  CHECK(ErrorOf(json::object()).code == kInvalidParams);
  CHECK(ErrorOf(json::object()).message.find("_meta is missing") != std::string::npos);
  CHECK(ErrorOf({{"_meta", 1}}).message.find("must be an object") != std::string::npos);
  json no_version = Meta();
  no_version["_meta"].erase(kMetaProtocolVersion);
  CHECK(ErrorOf(no_version).message.find(kMetaProtocolVersion) != std::string::npos);
  CHECK(ErrorOf(Meta({{kMetaClientCapabilities, "all"}})).message.find(kMetaClientCapabilities) !=
        std::string::npos);
  CHECK(ErrorOf(Meta({{kMetaLogLevel, "chatty"}})).message.find(kMetaLogLevel) !=
        std::string::npos);
  ProtocolError old = ErrorOf(Meta({{kMetaProtocolVersion, "2025-11-25"}}));
  CHECK(old.code == kUnsupportedProtocolVersion);
  REQUIRE(old.data);
  CHECK((*old.data)["requested"] == "2025-11-25");
  CHECK((*old.data)["supported"] == json::array({"2026-07-28"}));
}

TEST_CASE("Capabilities decide elicitation and extensions per request", "[mcp][envelope]") {
  CallRequest r;
  CHECK_FALSE(r.DeclaresFormElicitation());
  r.capabilities = {{"elicitation", json::object()}};
  CHECK(r.DeclaresFormElicitation());
  r.capabilities = {{"elicitation", {{"url", json::object()}}}};
  CHECK_FALSE(r.DeclaresFormElicitation());
  r.capabilities = {{"elicitation", {{"form", json::object()}}},
                    {"extensions", {{kTasksExtension, json::object()}}}};
  CHECK(r.DeclaresFormElicitation());
  CHECK(r.DeclaresExtension(kTasksExtension));
  CHECK_FALSE(r.DeclaresExtension("io.modelcontextprotocol/other"));
}

}  // namespace
}  // namespace ua::mcp
