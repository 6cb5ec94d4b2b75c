// Nanosecond timestamps from struct stat, hiding the Linux (st_mtim) / macOS (st_mtimespec)
// spelling difference. Pure functions; safe from any thread.
#pragma once

#include <sys/stat.h>

#include <cstdint>

namespace ua {

inline int64_t ToNs(const struct timespec& ts) {
  return static_cast<int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

#ifdef __APPLE__
inline int64_t StatMtimeNs(const struct stat& st) { return ToNs(st.st_mtimespec); }
inline int64_t StatCtimeNs(const struct stat& st) { return ToNs(st.st_ctimespec); }
#else
inline int64_t StatMtimeNs(const struct stat& st) { return ToNs(st.st_mtim); }
inline int64_t StatCtimeNs(const struct stat& st) { return ToNs(st.st_ctim); }
#endif

}  // namespace ua
