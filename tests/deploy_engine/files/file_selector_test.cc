#include "deploy_engine/files/file_selector.h"

#include <catch2/catch.hpp>

namespace ua::engine {
namespace {

FileSelector DesignSelector() {
  return FileSelector({"server.py", "agents.json", "workflow/*.py", "templates/*.json"},
                      {".env", "*.log", "logs/**", "*.tmp"});
}

TEST_CASE("managed means an include matches and no exclude does", "[selector]") {
  FileSelector s = DesignSelector();
  CHECK(s.IsManaged("server.py"));
  CHECK(s.IsManaged("workflow/run.py"));
  CHECK(s.IsManaged("templates/a.json"));
  CHECK_FALSE(s.IsManaged(".env"));
  CHECK_FALSE(s.IsManaged("notes.txt"));
  CHECK_FALSE(s.IsManaged("workflow/deep/run.py"));

  FileSelector all({"**"}, {"*.tmp", "cache"});
  CHECK(all.IsManaged("a/b.py"));
  CHECK_FALSE(all.IsManaged("x.tmp"));
  // An exclude matching a directory excludes everything below it.
  CHECK_FALSE(all.IsManaged("cache/a/b.py"));
  CHECK(all.IsManaged("a/cache.py"));
}

TEST_CASE("directories that cannot hold managed files are pruned", "[selector]") {
  FileSelector s = DesignSelector();
  CHECK(s.MayContainManaged(""));
  CHECK(s.MayContainManaged("workflow"));
  CHECK(s.MayContainManaged("templates"));
  CHECK_FALSE(s.MayContainManaged("logs"));          // no include reaches it, and excluded
  CHECK_FALSE(s.MayContainManaged("node_modules"));  // no include reaches it
  CHECK_FALSE(s.MayContainManaged("workflow/sub"));  // '*' does not cross '/'

  FileSelector all({"**"}, {"logs/**", "build/", ".git"});
  CHECK(all.MayContainManaged("src"));
  CHECK(all.MayContainManaged("src/deep"));
  CHECK_FALSE(all.MayContainManaged("logs"));
  CHECK_FALSE(all.MayContainManaged("build"));
  CHECK_FALSE(all.MayContainManaged(".git"));
  CHECK_FALSE(all.MayContainManaged(".git/objects"));

  FileSelector none({}, {});
  CHECK_FALSE(none.MayContainManaged(""));
  CHECK_FALSE(none.IsManaged("x"));
}

}  // namespace
}  // namespace ua::engine

namespace ua::engine {
namespace {

TEST_CASE("ua-deploy's own paths are never managed even by a catch-all include",
          "[file_selector][reserved]") {
  FileSelector selector({"**"}, {});
  CHECK_FALSE(selector.IsManaged("VERSION"));
  CHECK(selector.IsManaged("sub/VERSION"));
  CHECK_FALSE(selector.IsManaged(".ua-deploy-staging-d20261122T001540.705Z-9218/pkg/a.py"));
  CHECK_FALSE(selector.MayContainManaged(".ua-deploy-staging-d20261122T001540.705Z-9218"));
  CHECK(selector.IsManaged(".ua-deploy-staging.py"));
  FileSelector py({"**/*.py"}, {});
  CHECK_FALSE(py.IsManaged(".ua-deploy-staging-x/pkg000/mod000.py"));
  CHECK(py.IsManaged("pkg000/mod000.py"));
}

}  // namespace
}  // namespace ua::engine
