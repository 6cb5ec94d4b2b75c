// ToolSession: what every tool needs to turn a call into engine work: how to find the
// config (re-read on every call, so edits take effect and a broken config is reported to the
// caller instead of killing the server), the environment and the clock. Who is calling comes
// from each call's ToolContext.
//
// A ToolSession is shared by the tools of one server and immutable after construction.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "base/status.h"
#include "deploy_engine/config/config.h"
#include "platform/environment.h"

namespace ua::tools {

struct ToolSession {
  std::optional<std::filesystem::path> config_flag;  // --config, when given
  // This binary, re-executed to run a deploy or rollback in a process of its own
  // (detached_run.h); "" when unknown.
  std::filesystem::path executable;
  Environment env = Environment::Process();
  std::function<std::chrono::system_clock::time_point()> now = [] {
    return std::chrono::system_clock::now();
  };

  // Discovers and loads the config, then resolves `profile` (default profile when absent).
  Result<std::pair<engine::Config, engine::Profile>> ResolveProfile(
      const std::optional<std::string>& profile) const;
};

}  // namespace ua::tools
