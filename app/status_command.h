// `ua-deploy status [--profile P] [--json]`.
#pragma once

#include <optional>
#include <string>

#include "tools/tool_session.h"

namespace ua::app {

int RunStatus(const tools::ToolSession& session, const std::optional<std::string>& profile,
              bool json);

}  // namespace ua::app
