#include "deploy_engine/checks/post_deploy_tests.h"

#include <chrono>
#include <string>

#include "deploy_engine/checks/mcp_handshake.h"
#include "platform/output_tail.h"
#include "platform/subprocess.h"

namespace ua::engine {
namespace {

TestOutcome RunCommandTest(const TestConfig& test, const std::filesystem::path& target_dir,
                           std::stop_token stop) {
  TestOutcome out;
  out.name = test.name;
  SubprocessOptions o;
  o.argv = test.command;
  o.cwd = target_dir.string();
  o.env = test.env;
  o.timeout = std::chrono::milliseconds(static_cast<int64_t>(test.timeout_s * 1000));
  o.stop = std::move(stop);
  if (o.argv.empty()) {
    out.output_tail = "no command to run";
    return out;
  }
  auto r = Subprocess::Run(o);
  if (!r.ok()) {
    out.output_tail = "could not run: " + r.status().message();
    return out;
  }
  out.ms = r->ms;
  const std::string tail = OutputTail(*r);
  if (r->cancelled) {
    out.output_tail = "cancelled (killed)";
    return out;
  }
  if (r->timed_out) {
    out.output_tail = "timed out after " + FormatSeconds(test.timeout_s) + " (killed)" +
                      (tail.empty() ? "" : "\n" + tail);
    out.output_tail = TailOf(out.output_tail);
    return out;
  }
  out.passed = r->exit.success();
  out.output_tail = out.passed || !tail.empty() ? tail : r->exit.Describe();
  if (!out.passed && !tail.empty()) out.output_tail = TailOf(r->exit.Describe() + "\n" + tail);
  return out;
}

TestOutcome RunHandshakeTest(const TestConfig& test, const std::filesystem::path& target_dir,
                             std::stop_token stop) {
  HandshakeReport h = RunMcpHandshake(test, target_dir, stop);
  TestOutcome out;
  out.name = test.name;
  out.passed = h.ok;
  out.ms = h.ms;
  if (h.ok) {
    out.output_tail = HandshakeSummary(h);
  } else {
    out.output_tail = h.reason;
    if (!h.protocol_version.empty()) out.output_tail += " [protocol " + h.protocol_version + "]";
    if (!h.stderr_tail.empty()) out.output_tail += "\nserver stderr:\n" + h.stderr_tail;
  }
  out.output_tail = TailOf(out.output_tail);
  return out;
}

}  // namespace

TestOutcome RunPostDeployTest(const TestConfig& test, const std::filesystem::path& target_dir,
                              std::stop_token stop) {
  if (stop.stop_requested()) return TestOutcome{test.name, false, 0, "cancelled"};
  if (test.type == "command") return RunCommandTest(test, target_dir, stop);
  if (test.type == "mcp_handshake") return RunHandshakeTest(test, target_dir, stop);
  return TestOutcome{test.name, false, 0,
                     "unknown test type \"" + test.type + "\"; use command or mcp_handshake"};
}

std::vector<TestOutcome> RunPostDeployTests(const std::vector<TestConfig>& tests,
                                            const std::filesystem::path& target_dir,
                                            std::stop_token stop) {
  std::vector<TestOutcome> outcomes;
  for (const TestConfig& t : tests) outcomes.push_back(RunPostDeployTest(t, target_dir, stop));
  return outcomes;
}

}  // namespace ua::engine
