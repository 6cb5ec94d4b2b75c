// CheckHealth: is production, as it is on disk now, an MCP server that starts and answers?
// Runs the profile's first `mcp_handshake` post-deploy test against the target directory
// (the test's command, env and timeout; cwd = target).
//
// Never fails as a whole: when the check cannot be made (no mcp_handshake test in the profile,
// no production directory, a deployment holding the lock, a stop request) the status is
// kUnknown and `reason` says why and what to do. kUnhealthy carries the handshake's reason and
// the tail of the server's stderr.
//
// Starts a child process and waits for it (bounded by the test's timeout_s); never writes to
// production. Stateless; safe to call from any thread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <stop_token>
#include <string>
#include <vector>

#include "deploy_engine/config/config.h"

namespace ua::engine {

enum class HealthStatus { kHealthy, kUnhealthy, kUnknown };
// "healthy", "unhealthy", "unknown".
const char* HealthStatusName(HealthStatus s);

struct HealthReport {
  HealthStatus status = HealthStatus::kUnknown;
  std::string reason;  // what went wrong, why it is unknown, or a summary of a healthy answer
  int64_t ms = 0;      // time the handshake took; 0 when none ran
  std::string protocol_version;  // as answered by the server, when it answered
  std::string server_name;
  std::vector<std::string> tools;
  std::string stderr_tail;  // unhealthy only: the end of the server's stderr
};

struct HealthCheckInput {
  const Profile* profile = nullptr;
  bool deployment_in_progress = false;  // the deploy lock is held by someone
};

HealthReport CheckHealth(const HealthCheckInput& input, std::stop_token stop);

}  // namespace ua::engine
