#include "mcp/tool_call.h"

#include <stdexcept>

#include <catch2/catch.hpp>

namespace ua::mcp {
namespace {

using nlohmann::json;

class FakeContext : public ToolContext {
 public:
  std::stop_token stop_token() const override { return {}; }
  void Progress(double, std::optional<double>, const std::string&) override {}
  void Log(LogLevel, const std::string&, const json&) override {}
  const ClientInfo& client() const override { return client_; }
  const CallRequest& request() const override { return request_; }
  Result<json> Elicit(const json&) override {
    return Status(StatusCode::kFailedPrecondition, "no client to ask");
  }

 private:
  ClientInfo client_;
  CallRequest request_;
};

RegisteredTool MakeTool(ToolHandler handler, json output_schema = nullptr) {
  ToolDefinition def;
  def.name = "t";
  def.description = "test";
  def.input_schema = json::parse(R"({
    "type": "object",
    "properties": {"dry_run": {"type": "boolean"}, "items": {"type": "array",
                   "items": {"type": "integer"}}},
    "required": ["dry_run"], "additionalProperties": false})");
  def.output_schema = std::move(output_schema);
  def.handler = std::move(handler);
  ToolRegistry registry;
  REQUIRE(registry.Add(def).ok());
  return *registry.Find("t");
}

TEST_CASE("Invalid arguments never reach the handler and name the path", "[mcp][tool_call]") {
  bool ran = false;
  RegisteredTool tool = MakeTool([&](const json&, ToolContext&) {
    ran = true;
    return ToolResult{};
  });
  std::optional<std::string> result = CheckToolArguments(tool, {{"dry_run", "yes"}});
  CHECK_FALSE(ran);
  REQUIRE(result);
  CHECK(result->find("Invalid arguments: /dry_run: expected true or false, got \"yes\"") == 0);
  CHECK(result->find("Fix the arguments") != std::string::npos);

  std::optional<std::string> nested =
      CheckToolArguments(tool, {{"dry_run", true}, {"items", {1, "two"}}});
  REQUIRE(nested);
  CHECK(nested->find("/items/1: expected an integer, got \"two\"") != std::string::npos);

  std::optional<std::string> missing = CheckToolArguments(tool, json::object());
  REQUIRE(missing);
  CHECK(missing->find("dry_run") != std::string::npos);

  // A call that reaches RunToolCall with bad arguments is refused the same way.
  FakeContext ctx;
  json refused = ToCallToolResult(RunToolCall(tool, {{"dry_run", "yes"}}, ctx));
  CHECK(refused["isError"] == true);
  CHECK_FALSE(refused.contains("structuredContent"));
  CHECK_FALSE(ran);

  CHECK_FALSE(CheckToolArguments(tool, {{"dry_run", true}, {"items", {1, 2}}}));
}

TEST_CASE("A valid call returns text and structured JSON text and structuredContent",
          "[mcp][tool_call]") {
  RegisteredTool tool = MakeTool(
      [](const json& args, ToolContext&) {
        ToolResult r;
        r.structured = {{"echo", args["dry_run"]}};
        r.human_text = "Done.";
        return r;
      },
      json::parse(R"({"type":"object","required":["echo"]})"));
  FakeContext ctx;
  json result = ToCallToolResult(RunToolCall(tool, {{"dry_run", false}}, ctx));
  CHECK(result["isError"] == false);
  REQUIRE(result["content"].size() == 2);
  CHECK(result["content"][0] == json{{"type", "text"}, {"text", "Done."}});
  CHECK(json::parse(result["content"][1]["text"].get<std::string>()) == json{{"echo", false}});
  CHECK(result["structuredContent"] == json{{"echo", false}});
}

TEST_CASE("The handler sees the arguments completed with the inputSchema's defaults",
          "[mcp][tool_call]") {
  json seen;
  ToolDefinition def;
  def.name = "defaults";
  def.description = "test";
  def.input_schema = json::parse(R"({
    "type": "object",
    "properties": {"dry_run": {"type": "boolean", "default": false},
                   "message": {"type": "string", "default": "none"},
                   "version": {"type": "string"}}})");
  def.handler = [&](const json& args, ToolContext&) {
    seen = args;
    return ToolResult{};
  };
  ToolRegistry registry;
  REQUIRE(registry.Add(def).ok());
  FakeContext ctx;
  RunToolCall(*registry.Find("defaults"), {{"message", "hi"}}, ctx);
  CHECK(seen == json{{"dry_run", false}, {"message", "hi"}});
}

TEST_CASE("A throwing handler becomes an isError result", "[mcp][tool_call]") {
  RegisteredTool tool =
      MakeTool([](const json&, ToolContext&) -> ToolResult { throw std::runtime_error("kaput"); });
  FakeContext ctx;
  json result = ToCallToolResult(RunToolCall(tool, {{"dry_run", true}}, ctx));
  CHECK(result["isError"] == true);
  CHECK(result["content"][0]["text"].get<std::string>().find("kaput") != std::string::npos);
}

TEST_CASE("Output that violates the outputSchema becomes an isError result", "[mcp][tool_call]") {
  RegisteredTool tool = MakeTool(
      [](const json&, ToolContext&) {
        ToolResult r;
        r.structured = {{"count", "three"}};
        return r;
      },
      json::parse(R"({"type":"object","properties":{"count":{"type":"integer"}}})"));
  FakeContext ctx;
  json result = ToCallToolResult(RunToolCall(tool, {{"dry_run", true}}, ctx));
  CHECK(result["isError"] == true);
  CHECK_FALSE(result.contains("structuredContent"));
  CHECK(result["content"][0]["text"].get<std::string>().find("/count") != std::string::npos);
}

TEST_CASE("Error results without structured content carry only text", "[mcp][tool_call]") {
  json result = ToCallToolResult(ToolResult::Error("lock held; retry later"));
  CHECK(result["isError"] == true);
  CHECK_FALSE(result.contains("structuredContent"));
  REQUIRE(result["content"].size() == 1);
  CHECK(result["content"][0]["text"] == "lock held; retry later");
}

}  // namespace
}  // namespace ua::mcp
