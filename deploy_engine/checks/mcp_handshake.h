// RunMcpHandshake: checks that an MCP stdio server starts and speaks the protocol. Starts
// `test.command` (cwd, `test.env` added), sends initialize (protocolVersion 2025-11-25,
// clientInfo ua-deploy) and notifications/initialized, expects a result with a known
// protocolVersion (2025-11-25, 2025-06-18, 2025-03-26 or 2024-11-05; an older one passes and
// is named in `reason`) and serverInfo.name, calls tools/list and expects tools (exactly the
// `expect_tools` names when given), then closes stdin and expects the server to exit with code 0.
// Anything but JSON-RPC on stdout fails the check. Server-to-client notifications and requests are
// skipped while waiting for an answer.
//
// Guarantees: the whole check is bounded by test.timeout_s; the server never outlives the
// call (killed on timeout, failure or `stop`). On failure `ok` is false and `reason` says
// what went wrong; `stderr_tail` holds the end of the server's stderr either way.
//
// Stateless; safe to call from any thread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <stop_token>
#include <string>
#include <vector>

#include "deploy_engine/config/config.h"

namespace ua::engine {

inline constexpr char kHandshakeProtocolVersion[] = "2025-11-25";

struct HandshakeReport {
  bool ok = false;
  std::string reason;  // failure reason, or a note on success ("protocol 2024-11-05 (old)")
  std::string protocol_version;
  std::string server_name;
  std::vector<std::string> tools;
  int64_t ms = 0;
  std::string stderr_tail;  // the last ~2 KB of the server's stderr
};

HandshakeReport RunMcpHandshake(const TestConfig& test, const std::filesystem::path& cwd,
                                std::stop_token stop);

// "server NAME, protocol V, N tools: a, b, c": what a passing handshake found.
std::string HandshakeSummary(const HandshakeReport& report);

// True for the MCP revisions ua-deploy knows.
bool IsKnownMcpRevision(const std::string& version);

}  // namespace ua::engine
