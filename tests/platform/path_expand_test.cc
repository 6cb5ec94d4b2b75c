#include "platform/path_expand.h"

#include <catch2/catch.hpp>

namespace ua {
namespace {

const Environment kEnv = Environment::Fixed(
    {{"HOME", "/home/u"}, {"PROJ", "/srv/proj"}, {"EMPTY", ""}, {"NAME", "app"}});

std::string Expand(std::string_view raw, const std::filesystem::path& base = "/cfg") {
  Result<std::filesystem::path> p = ExpandPath(raw, kEnv, base);
  REQUIRE(p.ok());
  return p->string();
}

TEST_CASE("tilde expands to the home directory", "[path_expand]") {
  CHECK(Expand("~") == "/home/u");
  CHECK(Expand("~/x/y") == "/home/u/x/y");
  CHECK(Expand("~/x/") == "/home/u/x");
  Result<std::filesystem::path> user = ExpandPath("~bob/x", kEnv, "/cfg");
  REQUIRE_FALSE(user.ok());
  CHECK(user.status().code() == StatusCode::kInvalidArgument);
  Result<std::filesystem::path> no_home = ExpandPath("~/x", Environment::Fixed({}), "/cfg");
  REQUIRE_FALSE(no_home.ok());
  CHECK_THAT(no_home.status().message(), Catch::Contains("home"));
}

TEST_CASE("variables expand in both spellings", "[path_expand]") {
  CHECK(Expand("$PROJ/src") == "/srv/proj/src");
  CHECK(Expand("${PROJ}/src") == "/srv/proj/src");
  CHECK(Expand("/opt/${NAME}-prod") == "/opt/app-prod");
  CHECK(Expand("/opt/$NAME.d") == "/opt/app.d");
  CHECK(Expand("/a$EMPTY/b") == "/a/b");
  CHECK(Expand("/price$/x") == "/price$/x");  // '$' without a name is literal
  CHECK(Expand("~/$NAME") == "/home/u/app");
}

TEST_CASE("an unset variable is an error naming it", "[path_expand]") {
  Result<std::filesystem::path> p = ExpandPath("$NOPE/x", kEnv, "/cfg");
  REQUIRE_FALSE(p.ok());
  CHECK(p.status().code() == StatusCode::kInvalidArgument);
  CHECK_THAT(p.status().message(), Catch::Contains("NOPE"));
  Result<std::filesystem::path> braces = ExpandPath("${ALSO_NOPE}", kEnv, "/cfg");
  REQUIRE_FALSE(braces.ok());
  CHECK_THAT(braces.status().message(), Catch::Contains("ALSO_NOPE"));
  CHECK_FALSE(ExpandPath("${UNCLOSED", kEnv, "/cfg").ok());
  CHECK_FALSE(ExpandPath("", kEnv, "/cfg").ok());
}

TEST_CASE("relative paths resolve against the base and are normalised", "[path_expand]") {
  CHECK(Expand("prod", "/etc/ua") == "/etc/ua/prod");
  CHECK(Expand("../prod", "/etc/ua") == "/etc/prod");
  CHECK(Expand("./a/./b", "/etc/ua") == "/etc/ua/a/b");
  CHECK(Expand("/abs/../x", "/etc/ua") == "/x");
}

}  // namespace
}  // namespace ua
