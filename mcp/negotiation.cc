#include "mcp/negotiation.h"

#include <algorithm>

namespace ua::mcp {

std::string NegotiateProtocolVersion(std::string_view requested) {
  bool supported = std::find(kSupportedProtocolVersions.begin(), kSupportedProtocolVersions.end(),
                             requested) != kSupportedProtocolVersions.end();
  return std::string(supported ? requested : kPreferredProtocolVersion);
}

bool ProtocolAllowsBatches(std::string_view negotiated) { return negotiated == "2025-03-26"; }

bool ProtocolHasElicitation(std::string_view negotiated) {
  return negotiated == "2025-06-18" || negotiated == "2025-11-25";
}

}  // namespace ua::mcp
