// Lowercase hexadecimal text for bytes (digests, tokens, sealed states) and back.
//
// Pure functions; safe from any thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ua {

// Two lowercase hex digits per byte.
std::string HexEncode(std::string_view bytes);

// nullopt when `hex` has an odd length or a character other than 0-9 and a-f.
std::optional<std::string> HexDecode(std::string_view hex);

}  // namespace ua
