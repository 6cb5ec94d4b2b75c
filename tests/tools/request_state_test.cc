#include "tools/request_state.h"

#include <sys/stat.h>

#include <catch2/catch.hpp>

#include "deploy_engine/state/layout.h"
#include "tests/support/temp_dir.h"

namespace ua::tools {
namespace {

ConfirmationClaim Claim() {
  return {.tool = "ua_self_deploy",
          .args_digest = ArgumentsDigest({{"dry_run", false}}),
          .plan_digest = std::string(64, 'c'),
          .expires_at_ms = 1000,
          .nonce = "00112233445566778899aabbccddeeff"};
}

TEST_CASE("A sealed claim opens with its key and only before it expires", "[tools][confirm]") {
  const std::string key(64, 'k');
  const std::string state = SealClaim(Claim(), key);
  auto opened = OpenClaim(state, key, 999);
  REQUIRE(opened.ok());
  CHECK(opened->tool == "ua_self_deploy");
  CHECK(opened->plan_digest == std::string(64, 'c'));
  CHECK(opened->nonce == Claim().nonce);
  CHECK(opened->args_digest == ArgumentsDigest({{"dry_run", false}}));
  CHECK(OpenClaim(state, key, 1001).status().code() == StatusCode::kFailedPrecondition);
}

TEST_CASE("An altered or foreign requestState is refused", "[tools][confirm]") {
  const std::string key(64, 'k');
  const std::string state = SealClaim(Claim(), key);
  CHECK(OpenClaim(state, std::string(64, 'x'), 0).status().code() == StatusCode::kInvalidArgument);
  for (size_t at : {size_t{3}, state.size() / 2, state.size() - 1}) {
    std::string bad = state;
    bad[at] = bad[at] == '0' ? '1' : '0';
    INFO(at);
    CHECK(OpenClaim(bad, key, 0).status().code() == StatusCode::kInvalidArgument);
  }
  for (const char* junk : {"", "v1.", "v1.zz.zz", "v2.00.00", "{\"tool\":\"x\"}"}) {
    CHECK(OpenClaim(junk, key, 0).status().code() == StatusCode::kInvalidArgument);
  }
}

TEST_CASE("The confirmation key is made once, private, and a nonce is used once",
          "[tools][confirm]") {
  testing::TempDir tmp;
  const auto backup_dir = tmp.path() / "backups";
  auto first = ConfirmationKey(backup_dir);
  REQUIRE(first.ok());
  CHECK(first->size() == 64);
  auto second = ConfirmationKey(backup_dir);
  REQUIRE(second.ok());
  CHECK(*first == *second);
  struct stat st {};
  REQUIRE(::stat(engine::ConfirmKeyPath(backup_dir).c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);

  CHECK(ConsumeConfirmation(backup_dir, "abc").ok());
  CHECK(ConsumeConfirmation(backup_dir, "abc").code() == StatusCode::kAlreadyExists);
  CHECK(ConsumeConfirmation(backup_dir, "abd").ok());
}

TEST_CASE("The arguments digest ignores key order and sees every value", "[tools][confirm]") {
  using nlohmann::json;
  CHECK(ArgumentsDigest(json::parse(R"({"a":1,"b":2})")) ==
        ArgumentsDigest(json::parse(R"({"b":2,"a":1})")));
  CHECK(ArgumentsDigest({{"a", 1}}) != ArgumentsDigest({{"a", 2}}));
}

}  // namespace
}  // namespace ua::tools
