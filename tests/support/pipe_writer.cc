#include "tests/support/pipe_writer.h"

#include <fcntl.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <string>

namespace ua::testing {

PipeWriter::PipeWriter() {
  REQUIRE(::pipe(fds_) == 0);
  ::fcntl(fds_[0], F_SETFL, O_NONBLOCK);
  writer = std::make_shared<mcp::Writer>(fds_[1]);
}

PipeWriter::~PipeWriter() {
  ::close(fds_[0]);
  ::close(fds_[1]);
}

std::vector<nlohmann::json> PipeWriter::Drain() {
  std::string data;
  char buf[4096];
  ssize_t n;
  while ((n = ::read(fds_[0], buf, sizeof buf)) > 0) data.append(buf, static_cast<size_t>(n));
  std::vector<nlohmann::json> out;
  size_t start = 0, nl;
  while ((nl = data.find('\n', start)) != std::string::npos) {
    out.push_back(nlohmann::json::parse(data.substr(start, nl - start)));
    start = nl + 1;
  }
  CHECK(start == data.size());
  return out;
}

}  // namespace ua::testing
