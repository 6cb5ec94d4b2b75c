#include "deploy_engine/preview/diff_preview.h"

#include <catch2/catch.hpp>

#include "tests/support/temp_dir.h"
#include "tests/support/test_profile.h"

namespace ua::engine {
namespace {

// The shared test profile (src -> prod), managing every file.
struct Fixture {
  testing::TestProfile t;
  Profile& profile = t.profile;
  HashCache cache = HashCache::InMemory();
  Fixture() {
    profile.include = {"**"};
    profile.exclude = {};
  }

  DiffPreview Preview(std::set<std::string> hidden = {}) {
    auto plan = BuildPlan(profile, cache);
    REQUIRE(plan.ok());
    plan_ = std::move(plan).value();
    auto preview = BuildDiffPreview(
        {.profile = &profile, .plan = &plan_, .hidden_paths = std::move(hidden), .context = 3},
        std::stop_token());
    REQUIRE(preview.ok());
    return std::move(preview).value();
  }

  Plan plan_;
};

const FileDiff& Find(const DiffPreview& preview, const std::string& path) {
  for (const FileDiff& d : preview.files) {
    if (d.path == path) return d;
  }
  FAIL("no diff for " << path);
  return preview.files.front();
}

TEST_CASE("files come in path order with their kinds, counts and sides", "[diff_preview]") {
  Fixture f;
  testing::WriteFile(f.t.tmp / "src/b.py", "one\ntwo\nthree\n");
  testing::WriteFile(f.t.tmp / "prod/b.py", "one\n2\nthree\n");
  testing::WriteFile(f.t.tmp / "src/a.py", "new\n");
  testing::WriteFile(f.t.tmp / "prod/c.py", "gone\nsoon\n");
  testing::WriteFile(f.t.tmp / "src/same.py", "same\n");
  testing::WriteFile(f.t.tmp / "prod/same.py", "same\n");
  const DiffPreview preview = f.Preview();
  REQUIRE(preview.files.size() == 3);
  CHECK(preview.files[0].path == "a.py");
  CHECK(preview.files[1].path == "b.py");
  CHECK(preview.files[2].path == "c.py");
  const FileDiff& modified = Find(preview, "b.py");
  CHECK(modified.kind == FileDiffKind::kModified);
  CHECK(modified.shown == DiffShown::kHunks);
  CHECK((modified.added_lines == 1 && modified.removed_lines == 1));
  CHECK(*modified.old_side->lines == 3);
  const FileDiff& added = Find(preview, "a.py");
  CHECK((added.kind == FileDiffKind::kAdded && !added.old_side && added.new_side));
  const FileDiff& removed = Find(preview, "c.py");
  CHECK((removed.kind == FileDiffKind::kRemoved && removed.old_side && !removed.new_side));
  CHECK(removed.removed_lines == 2);
  CHECK_FALSE(preview.truncated);
}

TEST_CASE("a mode change alone shows no content", "[diff_preview]") {
  Fixture f;
  testing::WriteFile(f.t.tmp / "src/run.sh", "echo\n", 0755);
  testing::WriteFile(f.t.tmp / "prod/run.sh", "echo\n", 0644);
  const DiffPreview preview = f.Preview();
  const FileDiff& d = Find(preview, "run.sh");
  CHECK(d.kind == FileDiffKind::kModeOnly);
  CHECK(d.shown == DiffShown::kNoContent);
  CHECK((d.old_side->mode & 0777) == 0644);
  CHECK((d.new_side->mode & 0777) == 0755);
  CHECK_FALSE(d.new_side->lines.has_value());  // not read
}

TEST_CASE("binary content is summarised", "[diff_preview]") {
  Fixture f;
  testing::WriteFile(f.t.tmp / "src/x.bin", std::string("a\0b", 3));
  testing::WriteFile(f.t.tmp / "prod/x.bin", "ab");
  const DiffPreview preview = f.Preview();
  const FileDiff& d = Find(preview, "x.bin");
  CHECK(d.shown == DiffShown::kBinary);
  CHECK(d.hunks.empty());
  CHECK_FALSE(d.truncated);
}

TEST_CASE("the per-file cap summarises a large file with its line counts", "[diff_preview]") {
  Fixture f;
  f.profile.diff.max_file_bytes = 10;
  testing::WriteFile(f.t.tmp / "src/big.txt", "0123456789\nmore\n");
  testing::WriteFile(f.t.tmp / "prod/big.txt", "0123456789\n");
  const DiffPreview preview = f.Preview();
  const FileDiff& d = Find(preview, "big.txt");
  CHECK(d.shown == DiffShown::kTooLarge);
  CHECK(d.truncated);
  CHECK(*d.new_side->lines == 2);
  CHECK(preview.truncated);
}

TEST_CASE("a file far over the per-file cap is not even read", "[diff_preview]") {
  Fixture f;
  f.profile.diff.max_file_bytes = 1;
  testing::WriteFile(f.t.tmp / "src/huge.txt", std::string(100, 'x'));
  testing::WriteFile(f.t.tmp / "prod/huge.txt", std::string(99, 'x'));
  const DiffPreview preview = f.Preview();
  const FileDiff& d = Find(preview, "huge.txt");
  CHECK(d.shown == DiffShown::kTooLarge);
  CHECK_FALSE(d.new_side->lines.has_value());
}

TEST_CASE("the total cap summarises every file after the first that does not fit",
          "[diff_preview]") {
  Fixture f;
  for (const char* name : {"a.txt", "b.txt", "c.txt"}) {
    testing::WriteFile(f.t.tmp / "src" / name, "new line of text\n");
    testing::WriteFile(f.t.tmp / "prod" / name, "old line of text\n");
  }
  f.profile.diff.max_total_bytes = 70;  // one hunk is about 55 bytes
  const DiffPreview preview = f.Preview();
  CHECK(preview.files[0].shown == DiffShown::kHunks);
  CHECK(preview.files[1].shown == DiffShown::kOverTotal);
  CHECK(preview.files[2].shown == DiffShown::kOverTotal);
  CHECK(preview.files[2].truncated);
  CHECK(preview.truncated);
  CHECK(preview.text_bytes <= 70);
}

TEST_CASE("secret lines are replaced by one marker per run", "[diff_preview]") {
  Fixture f;
  testing::WriteFile(f.t.tmp / "prod/s.py", "a = 1\nb = 2\n");
  testing::WriteFile(f.t.tmp / "src/s.py",
                     "a = 1\ndb_password = \"x1y2z3\"\napi_token = \"q9z8\"\nb = 3\n");
  const DiffPreview preview = f.Preview();
  const FileDiff& d = Find(preview, "s.py");
  REQUIRE(d.hunks.size() == 1);
  std::vector<std::string> lines;
  for (const DiffLine& line : d.hunks[0].lines) {
    lines.push_back(std::string(1, line.origin).append(line.text));
  }
  CHECK(lines ==
        std::vector<std::string>{" a = 1", "-b = 2", "+[2 lines hidden (secret)]", "+b = 3"});
  CHECK(d.hidden_lines == 2);
  CHECK(d.added_lines == 3);
}

TEST_CASE("a file the validator flagged shows no line at all", "[diff_preview]") {
  Fixture f;
  testing::WriteFile(f.t.tmp / "prod/conf.py", "x = 1\n");
  testing::WriteFile(f.t.tmp / "src/conf.py", "x = 2\n");
  const DiffPreview preview = f.Preview({"conf.py"});
  const FileDiff& d = Find(preview, "conf.py");
  CHECK(d.shown == DiffShown::kSecret);
  CHECK(d.hunks.empty());
  CHECK(d.note == "2 lines hidden (secret)");
}

TEST_CASE("a secret file over the cap or binary is hidden, not summarised with hashes",
          "[diff_preview]") {
  Fixture f;
  f.profile.diff.max_file_bytes = 4;
  testing::WriteFile(f.t.tmp / "prod/.env", "KEY=1\n");
  testing::WriteFile(f.t.tmp / "src/.env", "KEY=22\n");
  testing::WriteFile(f.t.tmp / "prod/keys.env", std::string("a\0b", 3));
  testing::WriteFile(f.t.tmp / "src/keys.env", std::string("a\0c", 3));
  const DiffPreview preview = f.Preview();
  for (const char* path : {".env", "keys.env"}) {
    const FileDiff& d = Find(preview, path);
    CHECK(d.shown == DiffShown::kSecret);
    CHECK(d.note == "content hidden (secret)");
  }
}

}  // namespace
}  // namespace ua::engine
