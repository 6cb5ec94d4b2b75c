#include "tools/tool_session.h"

namespace ua::tools {

Result<std::pair<engine::Config, engine::Profile>> ToolSession::ResolveProfile(
    const std::optional<std::string>& profile) const {
  UA_ASSIGN_OR_RETURN(engine::Config config, engine::DiscoverConfig(config_flag, env));
  UA_ASSIGN_OR_RETURN(engine::Profile resolved, engine::ResolveProfile(config, profile));
  return std::make_pair(std::move(config), std::move(resolved));
}

}  // namespace ua::tools
