#include "mcp/line_reader.h"

#include <unistd.h>

#include <string>

#include <catch2/catch.hpp>

namespace ua::mcp {
namespace {

struct Pipe {
  int fds[2] = {-1, -1};
  Pipe() { REQUIRE(::pipe(fds) == 0); }
  ~Pipe() {
    CloseWrite();
    if (fds[0] >= 0) ::close(fds[0]);
  }
  void Write(const std::string& s) {
    REQUIRE(::write(fds[1], s.data(), s.size()) == static_cast<ssize_t>(s.size()));
  }
  void CloseWrite() {
    if (fds[1] >= 0) ::close(fds[1]);
    fds[1] = -1;
  }
};

TEST_CASE("LineReader splits lines and strips CR and returns a final unterminated line",
          "[mcp][framing]") {
  Pipe p;
  p.Write("one\ntwo\r\n\nthr");
  p.Write("ee");
  p.CloseWrite();
  LineReader reader(p.fds[0]);
  std::string line;
  REQUIRE(reader.Next(line) == LineReader::Event::kLine);
  CHECK(line == "one");
  REQUIRE(reader.Next(line) == LineReader::Event::kLine);
  CHECK(line == "two");
  REQUIRE(reader.Next(line) == LineReader::Event::kLine);
  CHECK(line.empty());
  REQUIRE(reader.Next(line) == LineReader::Event::kLine);
  CHECK(line == "three");
  CHECK(reader.Next(line) == LineReader::Event::kEof);
}

TEST_CASE("LineReader reports an overlong line and resynchronises on the next newline",
          "[mcp][framing]") {
  Pipe p;
  p.Write(std::string(100, 'x') + "\nok\n");
  p.CloseWrite();
  LineReader reader(p.fds[0], -1, 16);
  std::string line;
  CHECK(reader.Next(line) == LineReader::Event::kOverlong);
  REQUIRE(reader.Next(line) == LineReader::Event::kLine);
  CHECK(line == "ok");
  CHECK(reader.Next(line) == LineReader::Event::kEof);
}

TEST_CASE("LineReader wakes up when the wake fd becomes readable", "[mcp][framing]") {
  Pipe input;
  Pipe wake;
  wake.Write("x");
  LineReader reader(input.fds[0], wake.fds[0]);
  std::string line;
  CHECK(reader.Next(line) == LineReader::Event::kWoken);
}

}  // namespace
}  // namespace ua::mcp
