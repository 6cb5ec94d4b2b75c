// Unguessable tokens and message authentication, from OpenSSL: what task ids and the
// confirmation's requestState are made of.
//
// Stateless; safe from any thread.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "base/status.h"

namespace ua {

// `bytes` bytes from the OpenSSL CSPRNG, as lowercase hex (2 * bytes characters).
// kInternal when the generator cannot be seeded (never silently weaker).
Result<std::string> RandomHex(size_t bytes);

// HMAC-SHA-256 of `data` under `key`, as lowercase hex.
std::string HmacSha256Hex(std::string_view key, std::string_view data);

// Compares in time that depends on the lengths only (for MACs and tokens).
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace ua
