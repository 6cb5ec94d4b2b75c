#include "mcp/client_log.h"

#include <fcntl.h>
#include <unistd.h>

#include <spdlog/spdlog.h>

#include <catch2/catch.hpp>

#include "mcp/client_log_sink.h"

namespace ua::mcp {
namespace {

using nlohmann::json;

// A Writer on a pipe whose read end the test drains without blocking.
struct PipeWriter {
  int fds[2] = {-1, -1};
  std::shared_ptr<Writer> writer;
  PipeWriter() {
    REQUIRE(::pipe(fds) == 0);
    ::fcntl(fds[0], F_SETFL, O_NONBLOCK);
    writer = std::make_shared<Writer>(fds[1]);
  }
  ~PipeWriter() {
    ::close(fds[0]);
    ::close(fds[1]);
  }
  std::vector<json> Drain() {
    std::string data;
    char buf[4096];
    ssize_t n;
    while ((n = ::read(fds[0], buf, sizeof buf)) > 0) data.append(buf, static_cast<size_t>(n));
    std::vector<json> out;
    size_t start = 0, nl;
    while ((nl = data.find('\n', start)) != std::string::npos) {
      out.push_back(json::parse(data.substr(start, nl - start)));
      start = nl + 1;
    }
    CHECK(start == data.size());
    return out;
  }
};

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

}  // namespace
}  // namespace ua::mcp
