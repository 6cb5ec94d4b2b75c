// Protocol revision negotiation. The server speaks 2025-11-25 (preferred) and accepts
// 2025-06-18, 2025-03-26 and 2024-11-05. An unsupported request is answered with the
// preferred revision (a normal result; the client decides whether to continue).
// Pure functions; safe from any thread.
#pragma once

#include <array>
#include <string>
#include <string_view>

namespace ua::mcp {

inline constexpr std::string_view kPreferredProtocolVersion = "2025-11-25";
inline constexpr std::array<std::string_view, 4> kSupportedProtocolVersions = {
    "2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"};

std::string NegotiateProtocolVersion(std::string_view requested);

// JSON-RPC batches exist only in 2025-03-26.
bool ProtocolAllowsBatches(std::string_view negotiated);

// Elicitation (elicitation/create) exists from 2025-06-18 on.
bool ProtocolHasElicitation(std::string_view negotiated);

}  // namespace ua::mcp
