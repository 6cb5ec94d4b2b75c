#include "tests/support/operation_gate.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>

namespace ua::testing {

Gate::Gate(const ExampleSandbox& box)
    : entered_(box.root() / "gate-entered"), release_(box.root() / "gate-release") {
  REQUIRE(::mkfifo(entered_.c_str(), 0600) == 0);
  REQUIRE(::mkfifo(release_.c_str(), 0600) == 0);
}

nlohmann::json Gate::TestConfig() const {
  return {{"type", "command"},
          {"name", "gate"},
          {"command",
           {"sh", "-c", "echo in > \"$0\"; cat \"$1\" > /dev/null", entered_.string(),
            release_.string()}},
          {"timeout_s", 120}};
}

void Gate::WaitEntered() const {
  const int fd = ::open(entered_.c_str(), O_RDONLY | O_CLOEXEC);
  REQUIRE(fd >= 0);
  char buf[16];
  while (::read(fd, buf, sizeof buf) > 0) {
  }
  ::close(fd);
}

void Gate::Release() const {
  const int fd = ::open(release_.c_str(), O_WRONLY | O_CLOEXEC);
  REQUIRE(fd >= 0);
  ::close(fd);
}

}  // namespace ua::testing
