#include "base/glob.h"

#include <catch2/catch.hpp>

namespace ua {
namespace {

TEST_CASE("star stays within one segment", "[glob]") {
  CHECK(GlobMatch("*.py", "server.py"));
  CHECK_FALSE(GlobMatch("*.py", "workflow/a.py"));
  CHECK(GlobMatch("workflow/*.py", "workflow/a.py"));
  CHECK_FALSE(GlobMatch("workflow/*.py", "workflow/sub/a.py"));
  CHECK_FALSE(GlobMatch("workflow/*.py", "a/workflow/x.py"));
  CHECK(GlobMatch("*", "x"));
  CHECK_FALSE(GlobMatch("*", "a/b"));
  CHECK(GlobMatch("a*b*c", "aXXbYYc"));
  CHECK_FALSE(GlobMatch("a*b*c", "aXXbYY"));
  CHECK(GlobMatch("*.py", ".py"));
}

TEST_CASE("double star crosses segments and matches zero segments", "[glob]") {
  CHECK(GlobMatch("**/*.py", "a.py"));
  CHECK(GlobMatch("**/*.py", "x/y/z/a.py"));
  CHECK_FALSE(GlobMatch("**/*.py", "x/y/z/a.pyc"));
  CHECK(GlobMatch("a/**/b", "a/b"));
  CHECK(GlobMatch("a/**/b", "a/x/b"));
  CHECK(GlobMatch("a/**/b", "a/x/y/b"));
  CHECK_FALSE(GlobMatch("a/**/b", "a/x/y/c"));
  CHECK(GlobMatch("logs/**", "logs/a.log"));
  CHECK(GlobMatch("logs/**", "logs/deep/er/a.log"));
  CHECK(GlobMatch("logs/**", "logs"));
  CHECK_FALSE(GlobMatch("logs/**", "logsx/a"));
  CHECK(GlobMatch("**", "anything/at/all"));
  CHECK(GlobMatch("a/**/**/b", "a/b"));
  // '**' inside a segment is just '*'.
  CHECK(GlobMatch("a**.py", "abc.py"));
  CHECK_FALSE(GlobMatch("a**.py", "a/c.py"));
}

TEST_CASE("question mark and character classes", "[glob]") {
  CHECK(GlobMatch("file?.txt", "file1.txt"));
  CHECK_FALSE(GlobMatch("file?.txt", "file10.txt"));
  CHECK_FALSE(GlobMatch("a?b", "a/b"));
  CHECK(GlobMatch("[abc].json", "b.json"));
  CHECK_FALSE(GlobMatch("[abc].json", "d.json"));
  CHECK(GlobMatch("v[0-9].py", "v7.py"));
  CHECK_FALSE(GlobMatch("v[0-9].py", "vx.py"));
  CHECK(GlobMatch("[!a]*", "bcd"));
  CHECK_FALSE(GlobMatch("[!a]*", "abc"));
  CHECK(GlobMatch("[^a]*", "xyz"));
  CHECK(GlobMatch("[]]", "]"));
  CHECK_FALSE(GlobMatch("a[/]b", "a/b"));  // a class never matches the separator
  CHECK(GlobMatch("[a-c][0-9]?", "b7x"));
  CHECK(GlobMatch("a[", "a["));  // unterminated class is literal
  CHECK(GlobMatch("\\*", "*"));
  CHECK_FALSE(GlobMatch("\\*", "x"));
}

TEST_CASE("dotfiles and exact names and anchors and trailing slashes", "[glob]") {
  CHECK(GlobMatch(".env", ".env"));
  CHECK_FALSE(GlobMatch(".env", "sub/.env"));
  CHECK(GlobMatch("*", ".env"));  // '*' matches a leading dot (unlike a shell)
  CHECK(GlobMatch("*.log", ".hidden.log"));
  CHECK(GlobMatch("server.py", "server.py"));
  CHECK_FALSE(GlobMatch("server.py", "server.pyc"));
  CHECK_FALSE(GlobMatch("server.py", "old/server.py"));
  CHECK(GlobMatch("/server.py", "server.py"));
  CHECK(GlobMatch("./server.py", "server.py"));
  CHECK(GlobMatch("logs/", "logs/a.log"));
  CHECK(GlobMatch("logs/", "logs/x/y"));
  CHECK_FALSE(GlobMatch("logs/", "other/a.log"));
  CHECK(GlobMatch("a//b", "a/b"));
  CHECK(GlobMatch("a/b", "a/b/"));
}

TEST_CASE("prefix queries used for pruning", "[glob]") {
  Glob py("workflow/*.py");
  CHECK(py.CouldMatchBelow("workflow"));
  CHECK_FALSE(py.CouldMatchBelow("templates"));
  CHECK_FALSE(py.CouldMatchBelow("workflow/sub"));
  Glob any("**/*.py");
  CHECK(any.CouldMatchBelow("x/y/z"));
  Glob logs("logs/**");
  CHECK(logs.MatchesEverythingBelow("logs"));
  CHECK(logs.MatchesEverythingBelow("logs/deeper"));
  CHECK_FALSE(logs.MatchesEverythingBelow("other"));
  CHECK_FALSE(Glob("*.log").MatchesEverythingBelow("logs"));
  CHECK_FALSE(Glob("logs").MatchesEverythingBelow("logs"));
}

}  // namespace
}  // namespace ua
