#include "platform/text_diff.h"

#include <catch2/catch.hpp>

namespace ua {
namespace {

// The hunks as diff -u prints them after its file headers.
std::string Unified(std::string_view old_text, std::string_view new_text) {
  auto hunks = DiffTexts(old_text, new_text);
  REQUIRE(hunks.ok());
  std::string out;
  for (const DiffHunk& hunk : *hunks) {
    out += HunkHeader(hunk) + "\n";
    for (const DiffLine& line : hunk.lines) {
      out += (line.origin == '\\' ? line.text : std::string(1, line.origin) + line.text) + "\n";
    }
  }
  return out;
}

std::string Numbered(int from, int to) {
  std::string s;
  for (int i = from; i <= to; ++i) s += std::to_string(i) + "\n";
  return s;
}

TEST_CASE("equal texts have no hunks", "[text_diff]") {
  auto hunks = DiffTexts("a\nb\n", "a\nb\n");
  REQUIRE(hunks.ok());
  CHECK(hunks->empty());
}

TEST_CASE("a changed line gets three lines of context and diff -u's header", "[text_diff]") {
  CHECK(Unified(Numbered(1, 9), Numbered(1, 4) + "five\n" + Numbered(6, 9)) ==
        "@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n");
}

TEST_CASE("a range of one line is written as its start alone", "[text_diff]") {
  CHECK(Unified("a\n", "b\n") == "@@ -1 +1 @@\n-a\n+b\n");
}

TEST_CASE("an empty side starts at line 0", "[text_diff]") {
  CHECK(Unified("", "x\ny\n") == "@@ -0,0 +1,2 @@\n+x\n+y\n");
  CHECK(Unified("x\ny\n", "") == "@@ -1,2 +0,0 @@\n-x\n-y\n");
  CHECK(Unified("", "x") == "@@ -0,0 +1 @@\n+x\n\\ No newline at end of file\n");
  CHECK(Unified("", "").empty());
}

TEST_CASE("a missing final newline gets diff -u's marker", "[text_diff]") {
  CHECK(
      Unified("a\nb", "a\nc") ==
      "@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n");
  CHECK(Unified("a\nb", "a\nb\n") == "@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n");
}

TEST_CASE("a CRLF line keeps its carriage return", "[text_diff]") {
  CHECK(Unified("a\r\nb\r\n", "a\r\nc\r\n") == "@@ -1,2 +1,2 @@\n a\r\n-b\r\n+c\r\n");
}

// Lines "1".."20", with line `a` and line `b` changed.
std::string TwentyWithChanges(int a, int b) {
  std::string s;
  for (int i = 1; i <= 20; ++i) s += (i == a || i == b ? "x" : "") + std::to_string(i) + "\n";
  return s;
}

TEST_CASE("hunks merge when their contexts touch, as diff -u's do", "[text_diff]") {
  // Changes at lines 2 and 9: six equal lines between them, two contexts of three: one hunk.
  auto one = DiffTexts(Numbered(1, 20), TwentyWithChanges(2, 9));
  REQUIRE(one.ok());
  CHECK(one->size() == 1);
  // Changes at lines 2 and 10: seven equal lines between them: two hunks.
  auto two = DiffTexts(Numbered(1, 20), TwentyWithChanges(2, 10));
  REQUIRE(two.ok());
  REQUIRE(two->size() == 2);
  CHECK(HunkHeader((*two)[1]) == "@@ -7,7 +7,7 @@");
}

TEST_CASE("lines carry their numbers on each side", "[text_diff]") {
  auto hunks = DiffTexts("a\nb\nc\n", "a\nx\nb\nc\n");
  REQUIRE(hunks.ok());
  REQUIRE(hunks->size() == 1);
  const auto& lines = (*hunks)[0].lines;
  REQUIRE(lines.size() == 4);
  CHECK((lines[1].origin == '+' && lines[1].new_line == 2 && lines[1].old_line == 0));
  CHECK((lines[2].origin == ' ' && lines[2].old_line == 2 && lines[2].new_line == 3));
}

}  // namespace
}  // namespace ua
