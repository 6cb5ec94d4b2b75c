#include "base/text_join.h"

#include <catch2/catch.hpp>

namespace ua {
namespace {

TEST_CASE("JoinFirst joins up to max items and says how many were left out", "[engine][text]") {
  const std::vector<std::string> five = {"a", "b", "c", "d", "e"};
  CHECK(JoinFirst({}, 3).empty());
  CHECK(JoinFirst({"a", "b"}, 3) == "a, b");
  CHECK(JoinFirst(five, 5) == "a, b, c, d, e");
  CHECK(JoinFirst(five, 3) == "a, b, c");
  CHECK(JoinFirst(five, 3, ", and {} more") == "a, b, c, and 2 more");
  CHECK(JoinFirst(five, 2, " ({} more)") == "a, b (3 more)");
  CHECK(JoinFirst(five, 5, ", and {} more") == "a, b, c, d, e");
}

}  // namespace
}  // namespace ua
