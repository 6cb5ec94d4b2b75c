// RunPostDeployTests: the TESTING step. Each of the profile's tests runs in the target
// directory, in order, bounded by its own timeout_s:
// - "command": `command` with `env` added, cwd = target; passed = exit code 0 within the
//   timeout; output_tail = the last ~2 KB of stdout + stderr, or why it could not run / was
//   killed.
// - "mcp_handshake": see mcp_handshake.h.
// Every test runs (no short-circuit) so the result shows all failures; once `stop` is
// requested the remaining tests are reported as not passed with "cancelled". A handshake
// notices `stop` within ~100 ms; a running command test is bounded by its timeout only.
//
// Stateless; safe to call from any thread. Child processes never outlive the call.
#pragma once

#include <filesystem>
#include <stop_token>
#include <vector>

#include "deploy_engine/config/config.h"

namespace ua::engine {

struct TestOutcome {
  std::string name;
  bool passed = false;
  int64_t ms = 0;
  std::string output_tail;  // the end of stdout/stderr, or the reason it failed
};

std::vector<TestOutcome> RunPostDeployTests(const std::vector<TestConfig>& tests,
                                            const std::filesystem::path& target_dir,
                                            std::stop_token stop);

// One test of either type.
TestOutcome RunPostDeployTest(const TestConfig& test, const std::filesystem::path& target_dir,
                              std::stop_token stop);

}  // namespace ua::engine
