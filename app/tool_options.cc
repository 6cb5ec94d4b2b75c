#include "app/tool_options.h"

#include <optional>
#include <utility>

#include <CLI/CLI.hpp>

#include "tools/tool_arguments.h"
#include "tools/tool_schemas.h"

namespace ua::app {

Result<std::unique_ptr<ToolOptions>> ToolOptions::Add(CLI::App* cmd, const std::string& tool) {
  Result<nlohmann::json> schema = tools::ToolInputSchema(tool);
  if (!schema.ok()) return Internal("tool " + tool + ": " + schema.status().ToString());
  Result<std::vector<tools::CliOption>> options = tools::CliOptionsFor(*schema);
  if (!options.ok()) return Internal("tool " + tool + ": " + options.status().ToString());
  std::unique_ptr<ToolOptions> out(new ToolOptions(tool));
  for (tools::CliOption& option : *options) {
    auto bound = std::make_unique<Bound>();
    bound->option = std::move(option);
    const tools::CliOption& o = bound->option;
    try {
      bound->cli = o.takes_value() ? cmd->add_option(o.flag, bound->text, o.help)
                                   : cmd->add_flag(o.flag, bound->flag, o.help);
    } catch (const CLI::Error& e) {
      return Internal("tool " + tool + ": option " + o.flag + ": " + e.what());
    }
    out->bound_.push_back(std::move(bound));
  }
  return out;
}

nlohmann::json ToolOptions::Given() const {
  nlohmann::json given = nlohmann::json::object();
  for (const auto& b : bound_) {
    if (b->cli->count() == 0) continue;
    if (!b->option.takes_value()) {
      given[b->option.property] = b->flag;
    } else if (std::optional<nlohmann::json> value = tools::CliOptionValue(b->option, b->text)) {
      given[b->option.property] = std::move(*value);
    }
  }
  return given;
}

Result<nlohmann::json> ToolOptions::Arguments() const {
  return tools::CheckedToolArguments(tool_, Given());
}

}  // namespace ua::app
