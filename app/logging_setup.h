// Process-wide logging: spdlog's default logger writes to stderr only (stdout belongs to the
// protocol in serve mode and to results otherwise). Call once from main(), before threads.
#pragma once

#include <string>

namespace ua::app {

// level: "trace", "debug", "info", "warn", "error", "off"; anything else keeps "warn".
// UA_DEPLOY_LOG_LEVEL overrides the default when `level` is empty.
void SetUpLogging(const std::string& level);

}  // namespace ua::app
