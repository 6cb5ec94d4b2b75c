// MCP logging levels (the LogLevel enum of tool.h): names on the wire and the mapping from
// spdlog levels. Pure functions; safe from any thread.
#pragma once

#include <optional>
#include <string_view>

#include <spdlog/common.h>

#include "mcp/tool.h"

namespace ua::mcp {

// "debug", "info", "notice", "warning", "error", "critical", "alert", "emergency".
std::string_view LogLevelName(LogLevel level);
std::optional<LogLevel> ParseLogLevel(std::string_view name);

// trace and debug -> debug, info -> info, warn -> warning, err -> error, critical -> critical.
// nullopt for spdlog's "off".
std::optional<LogLevel> FromSpdlogLevel(spdlog::level::level_enum level);

}  // namespace ua::mcp
