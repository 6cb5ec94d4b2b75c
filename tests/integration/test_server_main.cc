// ua-deploy-test-server: the MCP server core with test-only tools, driven over pipes by the
// protocol integration tests. Never installed.
//
//   test_wait {max_seconds?}      progress 1 at once, then waits for its stop_token (cancel or
//                                 stdin EOF) or max_seconds; -> {cancelled}
//   test_echo {text, count, flag?} logs "test_echo: <text>" at info via spdlog; returns its args
//   test_progress {steps}          progress 1..steps, each followed by a repeat that must drop
//   test_throw {}                  the handler throws
//   test_bad_output {}             returns structured content that violates its outputSchema
//   test_stray_stdout {}           writes a non-JSON line to fd 1 (must not reach the client)
//
// Flags: --page-size N (tools/list page size).
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdlib>
#include <mutex>
#include <stdexcept>
#include <string>

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include "mcp/server.h"

namespace {

using nlohmann::json;
using ua::mcp::ToolContext;
using ua::mcp::ToolDefinition;
using ua::mcp::ToolResult;

ua::mcp::Server* g_server = nullptr;

void OnSigterm(int) {
  if (g_server) g_server->RequestShutdown();
}

ToolDefinition TestWait() {
  ToolDefinition def;
  def.name = "test_wait";
  def.title = "Wait";
  def.description = "Reports progress 1, then waits until cancelled or max_seconds elapse.";
  def.annotations.read_only = true;
  def.input_schema = json::parse(R"({
    "type": "object",
    "properties": {"max_seconds": {"type": "number", "minimum": 0, "maximum": 600}},
    "additionalProperties": false
  })");
  def.output_schema = json::parse(R"({
    "type": "object",
    "properties": {"cancelled": {"type": "boolean"}},
    "required": ["cancelled"],
    "additionalProperties": false
  })");
  def.handler = [](const json& args, ToolContext& ctx) {
    ctx.Progress(1, std::nullopt, "waiting");
    const double max_seconds = args.value("max_seconds", 30.0);
    std::mutex mu;
    std::condition_variable_any cv;
    std::unique_lock lock(mu);
    std::stop_token stop = ctx.stop_token();
    cv.wait_for(lock, stop, std::chrono::duration<double>(max_seconds), [] { return false; });
    const bool cancelled = stop.stop_requested();
    ToolResult result;
    result.structured = {{"cancelled", cancelled}};
    result.human_text = cancelled ? "Stopped early." : "Waited the full time.";
    return result;
  };
  return def;
}

ToolDefinition TestEcho() {
  ToolDefinition def;
  def.name = "test_echo";
  def.description = "Returns its typed arguments unchanged.";
  def.annotations.read_only = true;
  def.annotations.idempotent = true;
  def.input_schema = json::parse(R"({
    "type": "object",
    "properties": {
      "text": {"type": "string"},
      "count": {"type": "integer", "minimum": 0},
      "flag": {"type": "boolean"}
    },
    "required": ["text", "count"],
    "additionalProperties": false
  })");
  def.output_schema = def.input_schema;
  def.handler = [](const json& args, ToolContext&) {
    spdlog::info("test_echo: {}", args["text"].get<std::string>());
    ToolResult result;
    result.structured = args;
    result.human_text = "Echoed " + args["text"].get<std::string>() + ".";
    return result;
  };
  return def;
}

ToolDefinition TestProgress() {
  ToolDefinition def;
  def.name = "test_progress";
  def.description = "Reports progress 1..steps; repeats each value once (the repeat is dropped).";
  def.input_schema = json::parse(R"({
    "type": "object",
    "properties": {"steps": {"type": "integer", "minimum": 1, "maximum": 100}},
    "required": ["steps"]
  })");
  def.output_schema = json::parse(R"({
    "type": "object",
    "properties": {"reported": {"type": "integer"}},
    "required": ["reported"]
  })");
  def.handler = [](const json& args, ToolContext& ctx) {
    const int steps = args["steps"].get<int>();
    for (int i = 1; i <= steps; ++i) {
      ctx.Progress(i, steps, "step " + std::to_string(i));
      ctx.Progress(i - 0.5, steps, "stale");
    }
    ToolResult result;
    result.structured = {{"reported", steps}};
    result.human_text = "Reported " + std::to_string(steps) + " steps.";
    return result;
  };
  return def;
}

ToolDefinition TestThrow() {
  ToolDefinition def;
  def.name = "test_throw";
  def.description = "Its handler throws.";
  def.input_schema = {{"type", "object"}};
  def.handler = [](const json&, ToolContext&) -> ToolResult {
    throw std::runtime_error("test_throw always throws");
  };
  return def;
}

ToolDefinition TestBadOutput() {
  ToolDefinition def;
  def.name = "test_bad_output";
  def.description = "Returns structured content that violates its outputSchema.";
  def.input_schema = {{"type", "object"}};
  def.output_schema = json::parse(R"({
    "type": "object",
    "properties": {"ok": {"type": "boolean"}},
    "required": ["ok"]
  })");
  def.handler = [](const json&, ToolContext&) {
    ToolResult result;
    result.structured = {{"ok", "yes"}};
    result.human_text = "Done.";
    return result;
  };
  return def;
}

ToolDefinition TestStrayStdout() {
  ToolDefinition def;
  def.name = "test_stray_stdout";
  def.description = "Writes a stray line to file descriptor 1, as a careless library would.";
  def.input_schema = {{"type", "object"}};
  def.handler = [](const json&, ToolContext&) {
    const char stray[] = "stray output on fd 1\n";
    ToolResult result;
    result.human_text = ::write(STDOUT_FILENO, stray, sizeof stray - 1) > 0 ? "Wrote." : "Failed.";
    return result;
  };
  return def;
}

}  // namespace

int main(int argc, char** argv) {
  ua::mcp::ServerOptions options;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--page-size" && i + 1 < argc) {
      options.tools_page_size = static_cast<size_t>(std::strtoul(argv[++i], nullptr, 10));
    } else {
      std::fprintf(stderr, "usage: %s [--page-size N]\n", argv[0]);
      return 2;
    }
  }

  ua::mcp::Server server({"ua-deploy-test-server", "0.0.0", "ua-deploy test server", ""}, options);
  auto stderr_sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
  stderr_sink->set_level(spdlog::level::warn);
  auto logger = std::make_shared<spdlog::logger>(
      "test_server", spdlog::sinks_init_list{stderr_sink, server.client_log_sink()});
  logger->set_level(spdlog::level::debug);
  spdlog::set_default_logger(logger);

  for (auto make : {TestWait, TestEcho, TestProgress, TestThrow, TestBadOutput, TestStrayStdout}) {
    ua::Status status = server.AddTool(make());
    if (!status.ok()) {
      spdlog::critical("bad test tool: {}", status.ToString());
      return 2;
    }
  }
  g_server = &server;
  std::signal(SIGTERM, OnSigterm);
  int code = server.Run(STDIN_FILENO, STDOUT_FILENO);
  g_server = nullptr;
  return code;
}
