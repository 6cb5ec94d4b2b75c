#include "mcp/tool_registry.h"

#include <catch2/catch.hpp>

namespace ua::mcp {
namespace {

using nlohmann::json;

ToolDefinition Tool(std::string name) {
  ToolDefinition def;
  def.name = std::move(name);
  def.description = "a tool";
  def.input_schema = {{"type", "object"}};
  def.handler = [](const json&, ToolContext&) { return ToolResult{}; };
  return def;
}

TEST_CASE("Tool names are 1 to 128 letters digits underscores dots or dashes", "[mcp][registry]") {
  CHECK(IsValidToolName("ua_self_deploy"));
  CHECK(IsValidToolName("a.b-C_9"));
  CHECK(IsValidToolName(std::string(128, 'a')));
  CHECK_FALSE(IsValidToolName(""));
  CHECK_FALSE(IsValidToolName(std::string(129, 'a')));
  CHECK_FALSE(IsValidToolName("has space"));
  CHECK_FALSE(IsValidToolName("slash/name"));
}

TEST_CASE("ToolRegistry refuses bad declarations", "[mcp][registry]") {
  ToolRegistry registry;
  REQUIRE(registry.Add(Tool("ok")).ok());
  CHECK(registry.Add(Tool("ok")).code() == StatusCode::kAlreadyExists);
  CHECK(registry.Add(Tool("bad name")).code() == StatusCode::kInvalidArgument);

  ToolDefinition no_description = Tool("x1");
  no_description.description.clear();
  CHECK_FALSE(registry.Add(no_description).ok());

  ToolDefinition array_input = Tool("x2");
  array_input.input_schema = {{"type", "array"}};
  CHECK_FALSE(registry.Add(array_input).ok());

  ToolDefinition bad_output = Tool("x3");
  bad_output.output_schema = {{"type", "string"}};
  CHECK_FALSE(registry.Add(bad_output).ok());

  ToolDefinition no_handler = Tool("x4");
  no_handler.handler = nullptr;
  CHECK_FALSE(registry.Add(no_handler).ok());

  CHECK(registry.size() == 1);
  CHECK(registry.Find("ok") != nullptr);
  CHECK(registry.Find("x1") == nullptr);
}

TEST_CASE("ToolRegistry describes tools for tools/list", "[mcp][registry]") {
  ToolRegistry registry;
  ToolDefinition def = Tool("t");
  def.title = "Title";
  def.annotations.read_only = true;
  def.output_schema = {{"type", "object"}};
  REQUIRE(registry.Add(def).ok());
  auto page = registry.List(std::nullopt, 10);
  REQUIRE(page.ok());
  const json& tool = (*page)["tools"][0];
  CHECK(tool["name"] == "t");
  CHECK(tool["title"] == "Title");
  CHECK(tool["description"] == "a tool");
  CHECK(tool["inputSchema"]["type"] == "object");
  CHECK(tool["outputSchema"]["type"] == "object");
  CHECK(tool["annotations"]["readOnlyHint"] == true);
  CHECK(tool["annotations"]["destructiveHint"] == false);
  CHECK_FALSE(page->contains("nextCursor"));
}

TEST_CASE("ToolRegistry paginates with opaque cursors", "[mcp][registry]") {
  ToolRegistry registry;
  for (const char* name : {"a", "b", "c", "d", "e"}) REQUIRE(registry.Add(Tool(name)).ok());

  std::vector<std::string> seen;
  std::optional<std::string> cursor;
  int pages = 0;
  do {
    auto page = registry.List(cursor, 2);
    REQUIRE(page.ok());
    ++pages;
    for (const auto& t : (*page)["tools"]) seen.push_back(t["name"]);
    cursor.reset();
    if (page->contains("nextCursor")) cursor = (*page)["nextCursor"].get<std::string>();
  } while (cursor);
  CHECK(pages == 3);
  CHECK(seen == std::vector<std::string>{"a", "b", "c", "d", "e"});

  for (const char* bad : {"", "garbage", "tools-page:", "tools-page:0", "tools-page:5",
                          "tools-page:99", "tools-page:-1", "tools-page:2x"}) {
    INFO(bad);
    auto page = registry.List(std::string(bad), 2);
    CHECK(page.status().code() == StatusCode::kInvalidArgument);
  }
}

}  // namespace
}  // namespace ua::mcp
