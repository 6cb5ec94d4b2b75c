#include "platform/clock.h"

#include <ctime>

#include <fmt/format.h>

namespace ua {
namespace {

class RealClock : public Clock {
 public:
  TimePoint Now() const override { return std::chrono::system_clock::now(); }
};

struct Parts {
  std::tm tm{};
  int millis = 0;
};

Parts Split(TimePoint tp) {
  using namespace std::chrono;
  auto ms = floor<milliseconds>(tp.time_since_epoch()).count();
  auto secs = ms / 1000;
  auto rem = ms % 1000;
  if (rem < 0) {
    rem += 1000;
    secs -= 1;
  }
  Parts p;
  std::time_t t = static_cast<std::time_t>(secs);
  gmtime_r(&t, &p.tm);
  p.millis = static_cast<int>(rem);
  return p;
}

bool Digits(std::string_view s, size_t pos, size_t n, int* out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

}  // namespace

const Clock& SystemClock() {
  static const RealClock clock;
  return clock;
}

TimePoint FakeClock::Now() const {
  std::lock_guard<std::mutex> lock(mu_);
  return now_;
}

void FakeClock::Set(TimePoint t) {
  std::lock_guard<std::mutex> lock(mu_);
  now_ = t;
}

void FakeClock::Advance(std::chrono::milliseconds d) {
  std::lock_guard<std::mutex> lock(mu_);
  now_ += d;
}

int64_t UnixMillis(TimePoint tp) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(tp.time_since_epoch()).count();
}

std::string FormatIsoUtc(TimePoint tp) {
  Parts p = Split(tp);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", p.tm.tm_year + 1900,
                     p.tm.tm_mon + 1, p.tm.tm_mday, p.tm.tm_hour, p.tm.tm_min, p.tm.tm_sec,
                     p.millis);
}

std::string FormatBackupStamp(TimePoint tp) {
  Parts p = Split(tp);
  return fmt::format("{:04}{:02}{:02}T{:02}{:02}{:02}.{:03}Z", p.tm.tm_year + 1900, p.tm.tm_mon + 1,
                     p.tm.tm_mday, p.tm.tm_hour, p.tm.tm_min, p.tm.tm_sec, p.millis);
}

Result<TimePoint> ParseIsoUtc(std::string_view s) {
  auto bad = [&] {
    return InvalidArgument("not an ISO-8601 UTC timestamp (YYYY-MM-DDTHH:MM:SS[.mmm]Z): '" +
                           std::string(s) + "'");
  };
  int year, mon, day, hour, min, sec;
  if (!Digits(s, 0, 4, &year) || s.size() < 19 || s[4] != '-' || !Digits(s, 5, 2, &mon) ||
      s[7] != '-' || !Digits(s, 8, 2, &day) || (s[10] != 'T' && s[10] != 't') ||
      !Digits(s, 11, 2, &hour) || s[13] != ':' || !Digits(s, 14, 2, &min) || s[16] != ':' ||
      !Digits(s, 17, 2, &sec)) {
    return bad();
  }
  size_t pos = 19;
  int millis = 0;
  if (pos < s.size() && s[pos] == '.') {
    size_t start = ++pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
    size_t n = pos - start;
    if (n == 0 || n > 9) return bad();
    for (size_t i = 0; i < 3; ++i) {
      millis = millis * 10 + (i < n ? s[start + i] - '0' : 0);
    }
  }
  std::string_view zone = s.substr(pos);
  if (zone != "Z" && zone != "z" && zone != "+00:00") return bad();
  if (mon < 1 || mon > 12 || day < 1 || day > 31 || hour > 23 || min > 59 || sec > 60) {
    return bad();
  }
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = mon - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = min;
  tm.tm_sec = sec;
  std::time_t t = timegm(&tm);
  if (tm.tm_mday != day) return bad();  // timegm normalised an impossible date (Feb 30)
  return TimePoint(std::chrono::seconds(t)) + std::chrono::milliseconds(millis);
}

}  // namespace ua
