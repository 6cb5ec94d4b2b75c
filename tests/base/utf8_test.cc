#include "base/utf8.h"

#include <catch2/catch.hpp>
#include <string>

namespace ua {
namespace {

TEST_CASE("UTF-8 text is valid, ASCII included", "[utf8]") {
  CHECK_FALSE(Utf8Invalid(""));
  CHECK_FALSE(Utf8Invalid("plain ascii\n"));
  CHECK_FALSE(Utf8Invalid("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"));  // é € 😀
}

TEST_CASE("bytes that break UTF-8 are found", "[utf8]") {
  CHECK(Utf8Invalid("caf\xe9 au lait"));   // Latin-1
  CHECK(Utf8Invalid("\x80 stray"));        // continuation byte without a lead
  CHECK(Utf8Invalid("\xc0\x80"));          // overlong NUL
  CHECK(Utf8Invalid("\xed\xa0\x80"));      // a surrogate
  CHECK(Utf8Invalid("\xf4\x90\x80\x80"));  // past U+10FFFF
  CHECK(Utf8Invalid("end \xe2\x82"));      // cut short at the end of the text
}

TEST_CASE("only the first 8 KiB are sniffed, and a sequence cut there is fine", "[utf8]") {
  std::string text(kTextProbeBytes - 1, 'a');
  text += "\xe2\x82\xac";  // € across the probe's end
  text += "\xe9";          // Latin-1 past the probe: not looked at
  CHECK_FALSE(Utf8Invalid(text));
}

}  // namespace
}  // namespace ua
