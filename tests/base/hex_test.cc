#include "base/hex.h"

#include <catch2/catch.hpp>

namespace ua {
namespace {

TEST_CASE("Hex round-trips every byte and refuses what is not lowercase hex", "[base][hex]") {
  std::string all;
  for (int b = 0; b < 256; ++b) all.push_back(static_cast<char>(b));
  const std::string hex = HexEncode(all);
  CHECK(hex.substr(0, 8) == "00010203");
  CHECK(hex.substr(hex.size() - 4) == "feff");
  CHECK(HexDecode(hex) == all);
  CHECK(HexEncode("") == "");
  CHECK_FALSE(HexDecode("abc"));
  CHECK_FALSE(HexDecode("zz"));
  CHECK_FALSE(HexDecode("AB"));
}

}  // namespace
}  // namespace ua
