#include "base/semver.h"

#include <catch2/catch.hpp>

namespace ua {
namespace {

TEST_CASE("ParseSemVer accepts only x.y.z", "[engine][semver]") {
  CHECK(ParseSemVer("1.2.3") == SemVer{1, 2, 3});
  CHECK(ParseSemVer("0.10.0") == SemVer{0, 10, 0});
  CHECK_FALSE(ParseSemVer("1.2"));
  CHECK_FALSE(ParseSemVer("v1.2.3"));
  CHECK_FALSE(ParseSemVer("1.2.3-rc1"));
  CHECK_FALSE(ParseSemVer("01.2.3"));
  CHECK_FALSE(ParseSemVer(""));
  CHECK(SemVer{1, 2, 3} < SemVer{1, 10, 0});
  CHECK(SemVer{2, 0, 0}.ToString() == "2.0.0");
}

TEST_CASE("FindSemVer takes the first standalone x.y.z", "[engine][semver]") {
  CHECK(FindSemVer("__version__ = \"1.4.2\"\n") == SemVer{1, 4, 2});
  CHECK(FindSemVer("python 3.11 needs 2.0.1 or 2.0.2") == SemVer{2, 0, 1});
  CHECK(FindSemVer("ip 10.0.0.1 then 0.3.0") == SemVer{0, 3, 0});
  CHECK_FALSE(FindSemVer("no version here 1.2"));
}

TEST_CASE("Version rules pick argument then file then patch bump", "[engine][semver]") {
  VersionInputs in;
  CHECK(*ChooseVersion(in) == "0.1.0");
  in.production = "0.1.9";
  CHECK(*ChooseVersion(in) == "0.1.10");
  in.version_from_text = "VERSION = '0.3.0'";
  in.version_from_name = "src/version.py";
  CHECK(*ChooseVersion(in) == "0.3.0");
  in.requested = "1.0.0";
  CHECK(*ChooseVersion(in) == "1.0.0");
  in.production = "not-a-version";
  in.requested.reset();
  in.version_from_text.reset();
  CHECK(*ChooseVersion(in) == "0.1.0");
}

TEST_CASE("Version rules refuse bad and older versions", "[engine][semver]") {
  VersionInputs in;
  in.requested = "1.2";
  auto bad = ChooseVersion(in);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().code() == StatusCode::kInvalidArgument);
  CHECK(bad.status().message().find("x.y.z") != std::string::npos);

  in.requested = "0.2.0";
  in.production = "0.2.0";
  auto same = ChooseVersion(in);
  REQUIRE_FALSE(same.ok());
  CHECK(same.status().message().find("allow_downgrade") != std::string::npos);
  in.requested = "0.1.5";
  CHECK_FALSE(ChooseVersion(in).ok());
  in.allow_downgrade = true;
  CHECK(*ChooseVersion(in) == "0.1.5");

  VersionInputs file;
  file.version_from_text = "nothing";
  file.version_from_name = "version.txt";
  auto none = ChooseVersion(file);
  REQUIRE_FALSE(none.ok());
  CHECK(none.status().message().find("version.txt") != std::string::npos);
}

}  // namespace
}  // namespace ua
