// OutputTail: the end of a child's output, and durations, for reports (validators, post-deploy
// tests).
//
// Pure functions; safe from any thread.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "platform/subprocess.h"

namespace ua {

inline constexpr size_t kOutputTailBytes = 2048;

// The last `max` bytes of `text`, starting after a newline when one is near, prefixed with
// "..." when something was cut; surrounding whitespace trimmed.
std::string TailOf(std::string_view text, size_t max = kOutputTailBytes);
// stdout followed by stderr (each non-empty stream once), cut by TailOf.
std::string OutputTail(const SubprocessResult& r, size_t max = kOutputTailBytes);

// "2 s", "0.5 s": a duration in seconds as people write it.
std::string FormatSeconds(double seconds);

}  // namespace ua
