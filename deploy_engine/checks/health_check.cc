#include "deploy_engine/checks/health_check.h"

#include <system_error>

#include "deploy_engine/checks/mcp_handshake.h"

namespace ua::engine {
namespace {

const TestConfig* FirstHandshakeTest(const Profile& profile) {
  for (const TestConfig& t : profile.tests) {
    if (t.type == "mcp_handshake") return &t;
  }
  return nullptr;
}

HealthReport Unknown(std::string reason) {
  HealthReport r;
  r.reason = std::move(reason);
  return r;
}

}  // namespace

const char* HealthStatusName(HealthStatus s) {
  switch (s) {
    case HealthStatus::kHealthy:
      return "healthy";
    case HealthStatus::kUnhealthy:
      return "unhealthy";
    case HealthStatus::kUnknown:
      return "unknown";
  }
  return "unknown";
}

HealthReport CheckHealth(const HealthCheckInput& input, std::stop_token stop) {
  const Profile& profile = *input.profile;
  const TestConfig* test = FirstHandshakeTest(profile);
  if (test == nullptr) {
    return Unknown("profile " + profile.name +
                   " has no mcp_handshake test; add {\"type\": \"mcp_handshake\", \"command\": "
                   "[...]} to its tests to check health");
  }
  std::error_code ec;
  if (!std::filesystem::is_directory(profile.target, ec)) {
    return Unknown("production directory " + profile.target.string() +
                   " does not exist; deploy first");
  }
  if (input.deployment_in_progress) {
    return Unknown(
        "a deployment or rollback holds the lock and may be changing production; "
        "check again when it has finished");
  }
  if (stop.stop_requested()) return Unknown("cancelled before the check ran");

  HandshakeReport h = RunMcpHandshake(*test, profile.target, stop);
  if (stop.stop_requested() && !h.ok) return Unknown("cancelled during the check");
  HealthReport r;
  r.ms = h.ms;
  r.protocol_version = h.protocol_version;
  r.server_name = h.server_name;
  r.tools = h.tools;
  if (h.ok) {
    r.status = HealthStatus::kHealthy;
    r.reason = HandshakeSummary(h);
  } else {
    r.status = HealthStatus::kUnhealthy;
    r.reason = h.reason;
    r.stderr_tail = h.stderr_tail;
  }
  return r;
}

}  // namespace ua::engine
