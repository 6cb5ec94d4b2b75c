#include "mcp/client_requests.h"

#include <catch2/catch.hpp>
#include <thread>

#include "tests/support/pipe_writer.h"

namespace ua::mcp {
namespace {

using nlohmann::json;
using testing::PipeWriter;

// Reads the request the call wrote, then answers it with `answer` (merged into the response).
void AnswerWhenAsked(PipeWriter& pipe, ClientRequests& requests, const json& answer) {
  std::vector<json> sent;
  while (sent.empty()) sent = pipe.Drain();  // the call writes before it waits
  REQUIRE(sent.size() == 1);
  CHECK(sent[0]["method"] == "elicitation/create");
  CHECK(sent[0]["params"] == json{{"message", "ok?"}});
  CHECK(sent[0]["id"].get<std::string>().rfind("ua-", 0) == 0);
  CHECK_FALSE(requests.OnResponse({{"jsonrpc", "2.0"}, {"id", "someone-else"}, {"result", 1}}));
  json response = {{"jsonrpc", "2.0"}, {"id", sent[0]["id"]}};
  response.update(answer);
  CHECK(requests.OnResponse(response));
  CHECK_FALSE(requests.OnResponse(response));  // answered once
}

TEST_CASE("ClientRequests returns the client's result or its error", "[mcp][client_requests]") {
  PipeWriter pipe;
  ClientRequests requests(pipe.writer);
  std::thread client([&] {
    AnswerWhenAsked(pipe, requests, {{"result", {{"action", "accept"}}}});
  });
  auto result =
      requests.Call("elicitation/create", {{"message", "ok?"}}, {}, std::chrono::minutes(1));
  client.join();
  REQUIRE(result.ok());
  CHECK(*result == json{{"action", "accept"}});

  std::thread failing([&] {
    AnswerWhenAsked(pipe, requests, {{"error", {{"code", -32601}, {"message", "no forms"}}}});
  });
  auto error =
      requests.Call("elicitation/create", {{"message", "ok?"}}, {}, std::chrono::minutes(1));
  failing.join();
  CHECK(error.status().code() == StatusCode::kInvalidArgument);
  CHECK(error.status().message().find("no forms") != std::string::npos);
}

TEST_CASE("ClientRequests stops waiting on stop, close and timeout", "[mcp][client_requests]") {
  PipeWriter pipe;
  ClientRequests requests(pipe.writer);
  std::stop_source stop;
  std::thread stopper([&] {
    while (pipe.Drain().empty()) {
    }
    stop.request_stop();
  });
  auto stopped = requests.Call("elicitation/create", {{"message", "ok?"}}, stop.get_token(),
                               std::chrono::minutes(1));
  stopper.join();
  CHECK(stopped.status().code() == StatusCode::kCancelled);

  auto timed_out =
      requests.Call("elicitation/create", {{"message", "ok?"}}, {}, std::chrono::milliseconds(1));
  CHECK(timed_out.status().code() == StatusCode::kTimeout);

  requests.Close();
  auto closed =
      requests.Call("elicitation/create", {{"message", "ok?"}}, {}, std::chrono::minutes(1));
  CHECK(closed.status().code() == StatusCode::kCancelled);
}

}  // namespace
}  // namespace ua::mcp
