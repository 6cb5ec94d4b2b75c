#include "tools/diff_text.h"

#include <catch2/catch.hpp>

namespace ua::tools {
namespace {

using engine::DiffPreview;
using engine::DiffShown;
using engine::FileDiff;
using engine::FileDiffKind;
using engine::FileSide;

FileSide Side(uint64_t size, uint32_t mode, uint64_t lines) {
  return {size, std::string(64, 'a'), mode, lines};
}

DiffPreview OneFile(FileDiff d) {
  DiffPreview p;
  p.files.push_back(std::move(d));
  return p;
}

TEST_CASE("a modified file is written with git-style headers and its hunks", "[diff_text]") {
  FileDiff d;
  d.path = "app.py";
  d.kind = FileDiffKind::kModified;
  d.old_side = Side(2, 0644, 1);
  d.new_side = Side(2, 0755, 1);
  d.hunks = {{.old_start = 1,
              .old_lines = 1,
              .new_start = 1,
              .new_lines = 1,
              .lines = {{'-', "a", 1, 0}, {'+', "b", 0, 1}}}};
  d.added_lines = d.removed_lines = 1;
  CHECK(DiffText(OneFile(d)) ==
        "diff --git a/app.py b/app.py\nold mode 100644\nnew mode 100755\n--- a/app.py\n"
        "+++ b/app.py\n@@ -1 +1 @@\n-a\n+b");
  const auto json = DiffJson(OneFile(d));
  CHECK(json[0]["hunks"][0]["lines"] == nlohmann::json::array({"-a", "+b"}));
  CHECK(json[0]["new"]["mode"] == "100755");
  CHECK(DiffStat(json[0]) == "app.py +1 -1");
}

TEST_CASE("added and removed files come from and go to /dev/null", "[diff_text]") {
  FileDiff added;
  added.path = "n.py";
  added.kind = FileDiffKind::kAdded;
  added.new_side = Side(2, 0644, 1);
  added.hunks = {{.old_start = 0,
                  .old_lines = 0,
                  .new_start = 1,
                  .new_lines = 1,
                  .lines = {{'+', "x", 0, 1}}}};
  CHECK(DiffText(OneFile(added)) ==
        "diff --git a/n.py b/n.py\nnew file mode 100644\n--- /dev/null\n+++ b/n.py\n"
        "@@ -0,0 +1 @@\n+x");
  FileDiff removed;
  removed.path = "o.py";
  removed.kind = FileDiffKind::kRemoved;
  removed.old_side = Side(0, 0600, 0);
  removed.shown = DiffShown::kNoContent;
  CHECK(DiffText(OneFile(removed)) == "diff --git a/o.py b/o.py\ndeleted file mode 100600");
}

TEST_CASE("a summary gives sizes, lines and hashes, but no hash of a secret", "[diff_text]") {
  FileDiff big;
  big.path = "big.txt";
  big.old_side = Side(200000, 0644, 4000);
  big.new_side = Side(200100, 0644, 4001);
  big.shown = DiffShown::kTooLarge;
  big.truncated = true;
  big.note = "over the per-file cap of 100 KiB";
  DiffPreview preview = OneFile(big);
  preview.truncated = true;
  CHECK(DiffText(preview) ==
        "diff --git a/big.txt b/big.txt\n(not shown: over the per-file cap of 100 KiB; before: "
        "200000 bytes, 4000 lines, sha256 aaaaaaaaaaaa; after: 200100 bytes, 4001 lines, sha256 "
        "aaaaaaaaaaaa)\n(diff truncated: 1 file was summarised by the caps; raise "
        "diff.max_file_bytes or diff.max_total_bytes in the profile to see more)");
  FileDiff env;
  env.path = ".env";
  env.old_side = Side(10, 0600, 1);
  env.new_side = Side(12, 0600, 1);
  env.shown = DiffShown::kSecret;
  env.note = "2 lines hidden (secret)";
  const std::string text = DiffText(OneFile(env));
  CHECK(text.find("sha256") == std::string::npos);
  CHECK(DiffJson(OneFile(env))[0]["new"]["sha256"].is_null());
  CHECK(DiffStat(DiffJson(OneFile(env))[0]) == ".env (secret)");
}

}  // namespace
}  // namespace ua::tools
