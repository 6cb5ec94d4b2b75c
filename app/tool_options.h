// ToolOptions: a tool's arguments as the options of its ua-deploy subcommand, generated from
// the tool's input schema (tools/cli_options.h says how each property is spelled), and, after
// parsing, the arguments object those options form: the object an MCP client would send,
// checked and completed with the schema's defaults exactly like an MCP call
// (tools::CheckedToolArguments). So `--version 1.2` is refused with the MCP call's message.
//
// Owns the variables CLI11 writes into: keep it alive until the command line is parsed and
// Arguments() was read. Main thread only.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/status.h"
#include "tools/cli_options.h"

namespace CLI {
class App;
class Option;
}  // namespace CLI

namespace ua::app {

class ToolOptions {
 public:
  // Adds one option per argument of tool `tool` to `cmd`. kInternal when the tool's schema is
  // missing or declares an argument the command line cannot spell, or a spelling `cmd`
  // already uses (defects of the build, never of the user's command line).
  static Result<std::unique_ptr<ToolOptions>> Add(CLI::App* cmd, const std::string& tool);

  // The options given (only those; an empty value counts as not given) as the tool's
  // arguments, checked against its input schema and completed with its defaults.
  // kInvalidArgument "Invalid arguments: /version: <rule>" when they break the schema.
  Result<nlohmann::json> Arguments() const;

  // The options given, before the check: what an MCP client would send.
  nlohmann::json Given() const;

 private:
  struct Bound {
    tools::CliOption option;
    CLI::Option* cli = nullptr;
    std::string text;   // a valued option's text
    bool flag = false;  // a flag's value
  };

  explicit ToolOptions(std::string tool) : tool_(std::move(tool)) {}

  std::string tool_;
  std::vector<std::unique_ptr<Bound>> bound_;  // stable addresses: CLI11 writes into them
};

}  // namespace ua::app
