#include "tools/human_text.h"

#include <catch2/catch.hpp>

namespace ua::tools {
namespace {

TEST_CASE("RelativeAge picks the largest whole unit", "[tools][text]") {
  CHECK(RelativeAge(5) == "just now");
  CHECK(RelativeAge(60) == "1 minute ago");
  CHECK(RelativeAge(2 * 3600 + 59) == "2 hours ago");
  CHECK(RelativeAge(86400 * 3) == "3 days ago");
  CHECK(RelativeAge(-10).find("future") != std::string::npos);
}

TEST_CASE("ListSome bounds long lists", "[tools][text]") {
  CHECK(ListSome({}, 3).empty());
  CHECK(ListSome({"a", "b"}, 3) == "a, b");
  CHECK(ListSome({"a", "b", "c", "d", "e"}, 3) == "a, b, c and 2 more");
  CHECK(CountNoun(1, "file", "files") == "1 file");
  CHECK(CountNoun(0, "file", "files") == "0 files");
}

TEST_CASE("AsSentence ends engine messages with one full stop", "[tools][text]") {
  CHECK(AsSentence("tests failed; see tests[].output_tail") ==
        "tests failed; see tests[].output_tail.");
  CHECK(AsSentence("already a sentence.") == "already a sentence.");
  CHECK(AsSentence("really?") == "really?");
  CHECK(AsSentence("") == ".");
}

}  // namespace
}  // namespace ua::tools
