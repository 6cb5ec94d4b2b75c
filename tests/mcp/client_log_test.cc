#include "mcp/client_log.h"

#include <spdlog/spdlog.h>

#include <catch2/catch.hpp>

#include "mcp/client_log_sink.h"
#include "tests/support/pipe_writer.h"

namespace ua::mcp {
namespace {

using nlohmann::json;
using testing::PipeWriter;

TEST_CASE("ClientLog forwards only after open and setLevel at or above the level",
          "[mcp][logging]") {
  PipeWriter pipe;
  ClientLog log;
  CHECK_FALSE(log.Send(LogLevel::kEmergency, "x", "before open"));
  log.Open(pipe.writer);
  CHECK_FALSE(log.Send(LogLevel::kEmergency, "x", "before setLevel"));
  log.SetLevel(LogLevel::kWarning);
  CHECK_FALSE(log.Send(LogLevel::kInfo, "x", "below"));
  CHECK(log.Send(LogLevel::kWarning, "engine", "at"));
  CHECK(log.Send(LogLevel::kError, "", json{{"k", 1}}));
  log.Close();
  CHECK_FALSE(log.Send(LogLevel::kError, "x", "after close"));

  std::vector<json> sent = pipe.Drain();
  REQUIRE(sent.size() == 2);
  CHECK(sent[0]["method"] == "notifications/message");
  CHECK(sent[0]["params"] == json{{"level", "warning"}, {"logger", "engine"}, {"data", "at"}});
  CHECK(sent[1]["params"]["level"] == "error");
  CHECK_FALSE(sent[1]["params"].contains("logger"));
  CHECK(sent[1]["params"]["data"] == json{{"k", 1}});
}

TEST_CASE("ClientLogSink forwards spdlog records through the gate", "[mcp][logging]") {
  PipeWriter pipe;
  auto gate = std::make_shared<ClientLog>();
  gate->Open(pipe.writer);
  gate->SetLevel(LogLevel::kInfo);
  auto sink = std::make_shared<ClientLogSink>(gate);
  spdlog::logger logger("deploy", sink);
  logger.set_level(spdlog::level::trace);
  logger.debug("hidden {}", 1);
  logger.info("visible {}", 2);
  logger.warn("careful");
  std::vector<json> sent = pipe.Drain();
  REQUIRE(sent.size() == 2);
  CHECK(sent[0]["params"] == json{{"level", "info"}, {"logger", "deploy"}, {"data", "visible 2"}});
  CHECK(sent[1]["params"]["level"] == "warning");
}

TEST_CASE("A 2026 request's own log level applies only while it runs", "[mcp][logging]") {
  PipeWriter pipe;
  ClientLog log;
  log.Open(pipe.writer);
  CHECK_FALSE(log.Send(LogLevel::kError, "x", "no request asked"));
  log.BeginRequest(LogLevel::kNotice);
  CHECK_FALSE(log.Send(LogLevel::kInfo, "x", "below the request's level"));
  CHECK(log.Send(LogLevel::kNotice, "x", "at"));
  log.EndRequest();
  CHECK_FALSE(log.Send(LogLevel::kEmergency, "x", "after its response"));
  std::vector<json> sent = pipe.Drain();
  REQUIRE(sent.size() == 1);
  CHECK(sent[0]["params"]["data"] == "at");
}

}  // namespace
}  // namespace ua::mcp
