#include "platform/sha256.h"

#include <string>

#include <catch2/catch.hpp>

#include "tests/support/temp_dir.h"

namespace ua {
namespace {

TEST_CASE("sha256 of known vectors", "[sha256]") {
  CHECK(Sha256Hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(Sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(Sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST_CASE("sha256 of a file equals sha256 of its bytes", "[sha256]") {
  testing::TempDir dir;
  std::string big(1'000'000, 'a');  // the FIPS 180-2 long vector; many read buffers
  testing::WriteFile(dir / "big", big);
  Result<std::string> hex = Sha256File(dir / "big");
  REQUIRE(hex.ok());
  CHECK(*hex == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  CHECK(*hex == Sha256Hex(big));

  Result<std::string> missing = Sha256File(dir / "nope");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.status().code() == StatusCode::kNotFound);
}

}  // namespace
}  // namespace ua
