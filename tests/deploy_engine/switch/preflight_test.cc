#include "deploy_engine/switch/preflight.h"

#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "tests/support/temp_dir.h"

namespace ua::engine {
namespace {

using ua::testing::TempDir;

TEST_CASE("Pre-flight refuses same and nested directories", "[engine][preflight]") {
  TempDir tmp;
  std::filesystem::create_directories(tmp / "a" / "b");
  std::filesystem::create_directories(tmp / "c");
  CHECK(CheckDistinctDirs(tmp / "a", tmp / "c").ok());
  CHECK(CheckDistinctDirs(tmp / "a", tmp / "a").code() == StatusCode::kFailedPrecondition);
  CHECK(CheckDistinctDirs(tmp / "a", tmp / "a" / "b").code() == StatusCode::kFailedPrecondition);
  CHECK(CheckDistinctDirs(tmp / "a" / "b", tmp / "a").code() == StatusCode::kFailedPrecondition);
  CHECK(CheckDistinctDirs(tmp / "a", tmp / "a" / "missing" / "x").code() ==
        StatusCode::kFailedPrecondition);
  CHECK(CheckDistinctDirs(tmp / "a", tmp / "ab").ok());
  std::filesystem::create_directory_symlink(tmp / "a", tmp / "link");
  CHECK(CheckDistinctDirs(tmp / "a", tmp / "link").code() == StatusCode::kFailedPrecondition);
}

TEST_CASE("Pre-flight refuses escaping symlinks in the source", "[engine][preflight]") {
  Plan plan;
  CHECK(CheckNoEscapingSymlinks(plan).ok());
  plan.escaping_symlinks = {"secrets.json"};
  Status s = CheckNoEscapingSymlinks(plan);
  CHECK(s.code() == StatusCode::kFailedPrecondition);
  CHECK(s.message().find("secrets.json") != std::string::npos);
}

TEST_CASE("Free space needs staging plus backup plus a tenth", "[engine][preflight]") {
  SpaceNeed need{1000, 1000};
  CHECK(CheckFreeSpace(need, {2200, 0, true}).ok());
  Status s = CheckFreeSpace(need, {2199, 0, true});
  CHECK(s.code() == StatusCode::kResourceExhausted);
  CHECK(s.message().find("2200 bytes") != std::string::npos);
  CHECK(s.message().find("2199 bytes") != std::string::npos);
  CHECK(CheckFreeSpace(need, {1100, 1100, false}).ok());
  Status b = CheckFreeSpace(need, {5000, 1099, false});
  CHECK(b.code() == StatusCode::kResourceExhausted);
  CHECK(b.message().find("backup_dir") != std::string::npos);
}

TEST_CASE("NearestExisting walks up to a directory that exists", "[engine][preflight]") {
  TempDir tmp;
  std::filesystem::create_directories(tmp / "prod");
  CHECK(NearestExisting(tmp / "prod" / "x" / "y") == tmp / "prod");
  CHECK(NearestExisting(tmp / "prod") == tmp / "prod");
}

}  // namespace
}  // namespace ua::engine
