#include "mcp/json_rpc.h"

#include <catch2/catch.hpp>

#include "mcp/writer.h"

namespace ua::mcp {
namespace {

using nlohmann::json;

TEST_CASE("Classify sorts requests notifications and responses", "[mcp][json_rpc]") {
  Message req = Classify(json::parse(R"({"jsonrpc":"2.0","id":7,"method":"ping"})"));
  CHECK(req.kind == MessageKind::kRequest);
  CHECK(req.method == "ping");
  CHECK(req.params == json::object());

  Message note = Classify(json::parse(R"({"jsonrpc":"2.0","method":"notifications/x"})"));
  CHECK(note.kind == MessageKind::kNotification);

  Message resp = Classify(json::parse(R"({"jsonrpc":"2.0","id":1,"result":{}})"));
  CHECK(resp.kind == MessageKind::kResponse);
}

TEST_CASE("Classify keeps ids with their exact JSON type", "[mcp][json_rpc]") {
  for (const char* text : {R"({"jsonrpc":"2.0","id":0,"method":"ping"})",
                           R"({"jsonrpc":"2.0","id":-3,"method":"ping"})",
                           R"({"jsonrpc":"2.0","id":"0","method":"ping"})",
                           R"({"jsonrpc":"2.0","id":"","method":"ping"})"}) {
    json in = json::parse(text);
    Message m = Classify(in);
    REQUIRE(m.kind == MessageKind::kRequest);
    json out = MakeResult(m.id, json::object());
    CHECK(Serialize(out["id"]) == Serialize(in["id"]));
  }
}

TEST_CASE("Classify rejects malformed messages", "[mcp][json_rpc]") {
  struct Case {
    const char* text;
    bool id_kept;
  };
  for (const Case& c : {Case{R"({"jsonrpc":"2.0","id":null,"method":"ping"})", false},
                        Case{R"({"jsonrpc":"2.0","id":1.5,"method":"ping"})", false},
                        Case{R"({"jsonrpc":"2.0","id":true,"method":"ping"})", false},
                        Case{R"({"jsonrpc":"2.0","id":{},"method":"ping"})", false},
                        Case{R"({"id":4,"method":"ping"})", true},
                        Case{R"({"jsonrpc":"1.0","id":4,"method":"ping"})", true},
                        Case{R"({"jsonrpc":"2.0","id":4,"method":5})", true},
                        Case{R"({"jsonrpc":"2.0","id":4})", true},
                        Case{R"({"jsonrpc":"2.0","id":4,"method":"ping","params":3})", true},
                        Case{R"(42)", false}}) {
    INFO(c.text);
    Message m = Classify(json::parse(c.text));
    CHECK(m.kind == MessageKind::kInvalid);
    CHECK_FALSE(m.error.empty());
    CHECK(m.id.is_null() != c.id_kept);
  }
}

TEST_CASE("MakeError omits id when it cannot be read", "[mcp][json_rpc]") {
  json no_id = MakeError(nullptr, kParseError, "Parse error");
  CHECK_FALSE(no_id.contains("id"));
  CHECK(no_id["error"]["code"] == -32700);
  CHECK(no_id["jsonrpc"] == "2.0");

  json with_id = MakeError(0, kInvalidParams, "bad", json{{"x", 1}});
  REQUIRE(with_id.contains("id"));
  CHECK(with_id["id"] == 0);
  CHECK(with_id["error"]["data"]["x"] == 1);
}

TEST_CASE("NestingDepth counts objects and arrays, not brackets in strings", "[mcp][jsonrpc]") {
  CHECK(NestingDepth("42") == 0);
  CHECK(NestingDepth(R"({"a":[1,{"b":[]}]})") == 4);
  CHECK(NestingDepth(R"({"a":"[[[[{{{{"})") == 1);
  CHECK(NestingDepth(R"({"a":"\"[[[", "b":[[]]})") == 3);
  CHECK(NestingDepth(std::string(100000, '[') + std::string(100000, ']')) == 100000);
}

}  // namespace
}  // namespace ua::mcp
