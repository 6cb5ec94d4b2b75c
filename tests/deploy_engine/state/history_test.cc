#include "deploy_engine/state/history.h"

#include <catch2/catch.hpp>

#include "deploy_engine/state/layout.h"
#include "tests/support/temp_dir.h"

namespace ua::engine {
namespace {

using nlohmann::json;
using ua::testing::ReadFileOrDie;
using ua::testing::TempDir;
using ua::testing::WriteFile;

TEST_CASE("History appends one line per record and reads newest first", "[engine][history]") {
  TempDir dir;
  auto empty = ReadHistory(dir / "missing", 10);
  REQUIRE(empty.ok());
  CHECK(empty->empty());
  auto none = LastHistoryRecord(dir.path());
  REQUIRE(none.ok());
  CHECK_FALSE(none->has_value());

  for (int i = 1; i <= 3; ++i) {
    REQUIRE(AppendHistory(dir.path(), {{"deployment_id", "dep-" + std::to_string(i)}}).ok());
  }
  CHECK(ReadFileOrDie(HistoryPath(dir.path())) ==
        "{\"deployment_id\":\"dep-1\"}\n{\"deployment_id\":\"dep-2\"}\n"
        "{\"deployment_id\":\"dep-3\"}\n");
  auto two = ReadHistory(dir.path(), 2);
  REQUIRE(two.ok());
  REQUIRE(two->size() == 2);
  CHECK((*two)[0]["deployment_id"] == "dep-3");
  CHECK((*two)[1]["deployment_id"] == "dep-2");
  auto last = LastHistoryRecord(dir.path());
  REQUIRE(last.ok());
  CHECK((**last)["deployment_id"] == "dep-3");

  CHECK(AppendHistory(dir.path(), json::array()).code() == StatusCode::kInvalidArgument);
}

TEST_CASE("A torn last line is skipped and the next append starts a fresh line",
          "[engine][history]") {
  TempDir dir;
  WriteFile(HistoryPath(dir.path()), "{\"deployment_id\":\"dep-1\"}\n{\"deployment_id\":\"de");
  auto records = ReadHistory(dir.path(), 10);
  REQUIRE(records.ok());
  REQUIRE(records->size() == 1);
  CHECK((*records)[0]["deployment_id"] == "dep-1");

  REQUIRE(AppendHistory(dir.path(), {{"deployment_id", "dep-3"}, {"outcome", "complete"}}).ok());
  records = ReadHistory(dir.path(), 10);
  REQUIRE(records.ok());
  REQUIRE(records->size() == 2);
  CHECK((*records)[0]["deployment_id"] == "dep-3");
  CHECK((*records)[1]["deployment_id"] == "dep-1");
  auto last = LastHistoryRecord(dir.path());
  REQUIRE(last.ok());
  CHECK((**last)["outcome"] == "complete");
}

}  // namespace
}  // namespace ua::engine
