#include "mcp/negotiation.h"

#include <catch2/catch.hpp>

namespace ua::mcp {
namespace {

TEST_CASE("Supported revisions are echoed and others get the preferred one", "[mcp][negotiation]") {
  CHECK(NegotiateProtocolVersion("2025-11-25") == "2025-11-25");
  CHECK(NegotiateProtocolVersion("2025-06-18") == "2025-06-18");
  CHECK(NegotiateProtocolVersion("2025-03-26") == "2025-03-26");
  CHECK(NegotiateProtocolVersion("2024-11-05") == "2024-11-05");
  CHECK(NegotiateProtocolVersion("2026-07-28") == "2025-11-25");
  CHECK(NegotiateProtocolVersion("") == "2025-11-25");
}

TEST_CASE("Only 2025-03-26 allows batches", "[mcp][negotiation]") {
  CHECK(ProtocolAllowsBatches("2025-03-26"));
  CHECK_FALSE(ProtocolAllowsBatches("2025-11-25"));
  CHECK_FALSE(ProtocolAllowsBatches("2025-06-18"));
  CHECK_FALSE(ProtocolAllowsBatches("2024-11-05"));
}

TEST_CASE("Elicitation exists from 2025-06-18 on", "[mcp][negotiation]") {
  CHECK(ProtocolHasElicitation("2025-11-25"));
  CHECK(ProtocolHasElicitation("2025-06-18"));
  CHECK_FALSE(ProtocolHasElicitation("2025-03-26"));
  CHECK_FALSE(ProtocolHasElicitation("2024-11-05"));
}

}  // namespace
}  // namespace ua::mcp
