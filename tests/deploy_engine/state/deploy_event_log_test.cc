#include "deploy_engine/state/deploy_event_log.h"

#include <catch2/catch.hpp>
#include <fstream>

#include "tests/support/temp_dir.h"

namespace ua::engine {
namespace {

TEST_CASE("The event log appends one JSON line per event", "[engine][eventlog]") {
  ua::testing::TempDir tmp;
  FakeClock clock(TimePoint{} + std::chrono::hours(24 * 365 * 56));
  const auto file = tmp / "logs" / "d.log";
  DeployEventLog log(file, "d1", "prof", clock);
  log.Event("started");
  log.Event("state", {{"state", "CHECKING"}});
  CHECK(log.lines_written() == 2);
  std::ifstream in(file);
  std::string line;
  std::vector<nlohmann::json> lines;
  while (std::getline(in, line)) lines.push_back(nlohmann::json::parse(line));
  REQUIRE(lines.size() == 2);
  CHECK(lines[0]["event"] == "started");
  CHECK(lines[0]["deployment_id"] == "d1");
  CHECK(lines[0]["profile"] == "prof");
  CHECK(lines[0]["ts"] == FormatIsoUtc(clock.Now()));
  CHECK(lines[1]["state"] == "CHECKING");
}

TEST_CASE("A disabled event log writes nothing", "[engine][eventlog]") {
  ua::testing::TempDir tmp;
  DeployEventLog log(tmp / "d.log", "d1", "prof", SystemClock(), /*enabled=*/false);
  log.Event("started");
  CHECK(log.lines_written() == 0);
  CHECK_FALSE(std::filesystem::exists(tmp / "d.log"));
}

}  // namespace
}  // namespace ua::engine
