// Clock: the wall-clock seam. Engine code asks a Clock for the time instead of calling
// system_clock::now(), so tests can pin timestamps (backup ids, VERSION, history).
//
// SystemClock() is a process-wide immutable object, safe from any thread. FakeClock is
// thread-safe (its time is guarded by a mutex); the test that owns it controls it.
//
// Timestamps are UTC with millisecond precision: FormatIsoUtc -> "2026-11-21T22:45:09.123Z",
// FormatBackupStamp -> "20261121T224509.123Z". Both truncate toward the past.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>

#include "base/status.h"

namespace ua {

using TimePoint = std::chrono::system_clock::time_point;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint Now() const = 0;
};

const Clock& SystemClock();

class FakeClock : public Clock {
 public:
  explicit FakeClock(TimePoint start) : now_(start) {}
  TimePoint Now() const override;
  void Set(TimePoint t);
  void Advance(std::chrono::milliseconds d);

 private:
  mutable std::mutex mu_;
  TimePoint now_;
};

// Milliseconds since 1970-01-01T00:00:00Z.
int64_t UnixMillis(TimePoint tp);
std::string FormatIsoUtc(TimePoint tp);
std::string FormatBackupStamp(TimePoint tp);
// Accepts "YYYY-MM-DDTHH:MM:SS[.fraction]Z" (fraction: 1-9 digits, kept to milliseconds) and
// a "+00:00" suffix in place of "Z". Anything else is kInvalidArgument.
Result<TimePoint> ParseIsoUtc(std::string_view text);

}  // namespace ua
