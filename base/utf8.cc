#include "base/utf8.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace ua {
namespace {

// The length of the sequence a lead byte starts, 0 for a byte that cannot lead one.
size_t SequenceLength(uint8_t lead) {
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) return 2;
  if (lead >= 0xE0 && lead <= 0xEF) return 3;
  if (lead >= 0xF0 && lead <= 0xF4) return 4;
  return 0;
}

// The range the byte after `lead` must fall in (it excludes overlong forms, surrogates and
// code points past U+10FFFF); every later byte is 0x80..0xBF.
bool SecondByteFits(uint8_t lead, uint8_t second) {
  switch (lead) {
    case 0xE0:
      return second >= 0xA0 && second <= 0xBF;
    case 0xED:
      return second >= 0x80 && second <= 0x9F;
    case 0xF0:
      return second >= 0x90 && second <= 0xBF;
    case 0xF4:
      return second >= 0x80 && second <= 0x8F;
    default:
      return second >= 0x80 && second <= 0xBF;
  }
}

}  // namespace

bool Utf8Invalid(std::string_view text) {
  const bool cut = text.size() > kTextProbeBytes;
  const size_t end = std::min(text.size(), kTextProbeBytes);
  size_t i = 0;
  while (i < end) {
    // Eight ASCII bytes at a time: most text is all ASCII.
    if (i + 8 <= end) {
      uint64_t block;
      std::memcpy(&block, text.data() + i, sizeof block);
      if ((block & 0x8080808080808080ull) == 0) {
        i += 8;
        continue;
      }
    }
    const auto lead = static_cast<uint8_t>(text[i]);
    const size_t length = SequenceLength(lead);
    if (length == 0) return true;
    if (length == 1) {
      ++i;
      continue;
    }
    for (size_t k = 1; k < length; ++k) {
      if (i + k >= end) return !cut;  // a sequence cut by the probe's end is fine
      const auto byte = static_cast<uint8_t>(text[i + k]);
      const bool fits = k == 1 ? SecondByteFits(lead, byte) : (byte >= 0x80 && byte <= 0xBF);
      if (!fits) return true;
    }
    i += length;
  }
  return false;
}

}  // namespace ua
