#include "mcp/progress_reporter.h"

#include <vector>

#include <catch2/catch.hpp>

namespace ua::mcp {
namespace {

using nlohmann::json;

TEST_CASE("Progress values must strictly increase", "[mcp][progress]") {
  std::vector<json> sent;
  ProgressReporter reporter(7, [&](const json& n) { sent.push_back(n); });
  CHECK(reporter.Report(1, std::nullopt, ""));
  CHECK_FALSE(reporter.Report(1, std::nullopt, ""));
  CHECK_FALSE(reporter.Report(0.5, std::nullopt, ""));
  CHECK(reporter.Report(2, 10, "two"));
  REQUIRE(sent.size() == 2);
  CHECK(sent[0]["method"] == "notifications/progress");
  CHECK(sent[0]["params"]["progressToken"].is_number_integer());
  CHECK(sent[0]["params"]["progressToken"] == 7);
  CHECK_FALSE(sent[0]["params"].contains("total"));
  CHECK_FALSE(sent[0]["params"].contains("message"));
  CHECK(sent[1]["params"]["progress"] == 2.0);
  CHECK(sent[1]["params"]["total"] == 10.0);
  CHECK(sent[1]["params"]["message"] == "two");
}

TEST_CASE("Progress is silent without a token and after Close", "[mcp][progress]") {
  int calls = 0;
  ProgressReporter none(nullptr, [&](const json&) { ++calls; });
  CHECK_FALSE(none.Report(1, std::nullopt, ""));

  ProgressReporter closed("tok", [&](const json&) { ++calls; });
  CHECK(closed.Report(1, std::nullopt, ""));
  closed.Close();
  CHECK_FALSE(closed.Report(2, std::nullopt, ""));
  CHECK(calls == 1);
}

TEST_CASE("Progress tokens are read from _meta with their type", "[mcp][progress]") {
  CHECK(ProgressReporter::TokenFromParams(json::parse(R"({"_meta":{"progressToken":"a"}})")) ==
        "a");
  json numeric = ProgressReporter::TokenFromParams(json::parse(R"({"_meta":{"progressToken":0}})"));
  CHECK(numeric.is_number_integer());
  CHECK(numeric == 0);
  CHECK(ProgressReporter::TokenFromParams(json::parse(R"({"name":"x"})")).is_null());
  CHECK(ProgressReporter::TokenFromParams(json::parse(R"({"_meta":{"progressToken":null}})"))
            .is_null());
}

}  // namespace
}  // namespace ua::mcp
