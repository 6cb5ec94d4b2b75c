#include "base/status.h"

#include <cerrno>

#include <catch2/catch.hpp>

namespace ua {
namespace {

Result<int> Half(int x) {
  if (x % 2) return InvalidArgument("odd: " + std::to_string(x));
  return x / 2;
}

Result<int> Quarter(int x) {
  UA_ASSIGN_OR_RETURN(int h, Half(x));
  return Half(h);
}

TEST_CASE("Result carries a value or a status", "[base][status]") {
  REQUIRE(Quarter(8).ok());
  CHECK(*Quarter(8) == 2);
  Result<int> r = Quarter(6);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == StatusCode::kInvalidArgument);
  CHECK(r.status().message() == "odd: 3");
}

TEST_CASE("ErrnoStatus maps errno to codes", "[base][status]") {
  CHECK(ErrnoStatus("open x", ENOENT).code() == StatusCode::kNotFound);
  CHECK(ErrnoStatus("write x", ENOSPC).code() == StatusCode::kResourceExhausted);
  CHECK(ErrnoStatus("open x", EACCES).code() == StatusCode::kPermissionDenied);
  Status s = ErrnoStatus("open x", EIO);
  CHECK(s.code() == StatusCode::kIoError);
  CHECK(s.message().rfind("open x: ", 0) == 0);
  s.AddContext("path=/a").AddContext("step=2");
  CHECK(s.ToString() == s.message() + " (path=/a; step=2)");
}

}  // namespace
}  // namespace ua
