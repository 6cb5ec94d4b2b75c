#include "app/logging_setup.h"

#include <cstdlib>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace ua::app {

void SetUpLogging(const std::string& level) {
  auto logger = spdlog::stderr_color_mt("ua-deploy");
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");
  spdlog::set_default_logger(logger);
  std::string chosen = level;
  if (chosen.empty()) {
    const char* env = std::getenv("UA_DEPLOY_LOG_LEVEL");
    chosen = env ? env : "warn";
  }
  spdlog::level::level_enum parsed = spdlog::level::from_str(chosen);
  // from_str returns "off" for unknown names; only honour "off" when asked for by name.
  if (parsed == spdlog::level::off && chosen != "off") parsed = spdlog::level::warn;
  spdlog::set_level(parsed);
}

}  // namespace ua::app
