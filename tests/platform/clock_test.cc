#include "platform/clock.h"

#include <catch2/catch.hpp>

namespace ua {
namespace {

using namespace std::chrono;

TEST_CASE("Timestamps format as UTC with milliseconds", "[engine][clock]") {
  // 2026-11-21T22:45:09.123Z
  TimePoint tp = TimePoint(seconds(1795301109)) + milliseconds(123) + microseconds(999);
  CHECK(FormatIsoUtc(tp) == "2026-11-21T22:45:09.123Z");
  CHECK(FormatBackupStamp(tp) == "20261121T224509.123Z");
  CHECK(FormatIsoUtc(TimePoint{}) == "1970-01-01T00:00:00.000Z");
  CHECK(UnixMillis(tp) == 1795301109123);
  CHECK(UnixMillis(TimePoint{}) == 0);
}

TEST_CASE("ParseIsoUtc reads what FormatIsoUtc writes and refuses the rest", "[engine][clock]") {
  TimePoint tp = TimePoint(seconds(1795301109)) + milliseconds(7);
  auto parsed = ParseIsoUtc(FormatIsoUtc(tp));
  REQUIRE(parsed.ok());
  CHECK(*parsed == tp);
  auto no_fraction = ParseIsoUtc("2026-11-21T22:45:09Z");
  REQUIRE(no_fraction.ok());
  CHECK(*no_fraction == TimePoint(seconds(1795301109)));
  auto offset = ParseIsoUtc("2026-11-21T22:45:09.5+00:00");
  REQUIRE(offset.ok());
  CHECK(*offset == TimePoint(seconds(1795301109)) + milliseconds(500));
  for (const char* bad :
       {"", "2026-11-21", "2026-11-21T22:45:09", "2026-11-21 22:45:09Z", "2026-02-30T00:00:00Z",
        "2026-11-21T22:45:09.Z", "2026-11-21T22:45:09+02:00", "yesterday"}) {
    INFO(bad);
    CHECK(ParseIsoUtc(bad).status().code() == StatusCode::kInvalidArgument);
  }
}

TEST_CASE("FakeClock returns what the test sets", "[engine][clock]") {
  FakeClock clock(TimePoint(seconds(100)));
  CHECK(clock.Now() == TimePoint(seconds(100)));
  clock.Advance(milliseconds(1500));
  CHECK(clock.Now() == TimePoint(milliseconds(101500)));
  clock.Set(TimePoint(seconds(5)));
  const Clock& as_clock = clock;
  CHECK(as_clock.Now() == TimePoint(seconds(5)));
  auto a = SystemClock().Now();
  CHECK(SystemClock().Now() >= a);
}

}  // namespace
}  // namespace ua
