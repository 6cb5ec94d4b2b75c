// Utf8Invalid: whether a text's opening bytes break UTF-8, one of the two signs (with a NUL
// byte, line_index.h's LooksBinary) that a file is binary rather than text to show line by
// line. Pure function; any thread.
#pragma once

#include <cstddef>
#include <string_view>

namespace ua {

// How many opening bytes of a text are sniffed (all of it when shorter).
inline constexpr size_t kTextProbeBytes = 8192;

// True when the first kTextProbeBytes of `text` hold a byte sequence that is not UTF-8:
// a stray continuation byte, a truncated sequence before the end of the probe, an overlong
// form, a surrogate or a code point past U+10FFFF. A sequence cut by the probe's end is not
// counted, since the rest of it lies past the probe.
bool Utf8Invalid(std::string_view text);

}  // namespace ua
