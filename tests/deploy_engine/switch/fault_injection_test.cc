#include "deploy_engine/switch/fault_injection.h"

#include <catch2/catch.hpp>

namespace ua::engine {
namespace {

TEST_CASE("UA_DEPLOY_FAULT arms one point", "[engine][fault]") {
  auto f = FaultInjector::FromEnvironment(
      Environment::Fixed({{"UA_DEPLOY_FAULT", "DEPLOYING:after-rename:3=fail"}}));
  CHECK(f.armed());
  CHECK(f.Check("DEPLOYING").ok());
  CHECK(f.CheckCounted("DEPLOYING:after-rename", 2).ok());
  Status s = f.CheckCounted("DEPLOYING:after-rename", 3);
  CHECK(s.code() == StatusCode::kInternal);
  CHECK(s.message().find("DEPLOYING:after-rename:3") != std::string::npos);
}

TEST_CASE("UA_DEPLOY_FAULT defaults to fail and is off when unset", "[engine][fault]") {
  auto f = FaultInjector::FromEnvironment(Environment::Fixed({{"UA_DEPLOY_FAULT", "TESTING"}}));
  CHECK_FALSE(f.Check("TESTING").ok());
  auto off = FaultInjector::FromEnvironment(Environment::Fixed({}));
  CHECK_FALSE(off.armed());
  CHECK(off.Check("TESTING").ok());
}

}  // namespace
}  // namespace ua::engine
