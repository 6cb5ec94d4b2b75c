#include "deploy_engine/backup/backup_writer.h"

#include <sys/stat.h>

#include <catch2/catch.hpp>

#include "deploy_engine/backup/backup_verify.h"
#include "platform/sha256.h"
#include "platform/subprocess.h"
#include "tests/support/temp_dir.h"

namespace ua::engine {
namespace {

using namespace std::chrono;
using ua::testing::ReadFileOrDie;
using ua::testing::TempDir;
using ua::testing::WriteFile;

// 2026-11-21T22:45:09.123Z
const TimePoint kT0 = TimePoint(seconds(1795301109)) + milliseconds(123);

struct Fixture {
  TempDir tmp;
  std::filesystem::path prod = tmp / "prod";
  std::filesystem::path backups = tmp / "backups";
  FakeClock clock{kT0};

  void Put(const std::string& rel, const std::string& content, mode_t mode = 0644) {
    WriteFile(prod / rel, content, mode);
  }
  BackupSourceFile Source(const std::string& rel) {
    struct stat st;
    REQUIRE(::stat((prod / rel).c_str(), &st) == 0);
    auto sha = Sha256File(prod / rel);
    REQUIRE(sha.ok());
    return {rel, static_cast<uint64_t>(st.st_size), static_cast<uint32_t>(st.st_mode & 07777), *sha,
            /*replaced=*/false};
  }
  Result<BackupInfo> Backup(const std::vector<std::string>& rels,
                            std::optional<std::string> version = "0.1.0",
                            BackupStats* stats = nullptr, BackupOptions options = {}) {
    std::vector<BackupSourceFile> files;
    for (const auto& r : rels) files.push_back(Source(r));
    options.clock = &clock;
    BackupMeta meta{"unified-agents", BackupKind::kPreDeploy, "dep-test", "abc123"};
    std::optional<std::filesystem::path> version_file;
    if (std::filesystem::exists(prod / "VERSION")) version_file = prod / "VERSION";
    return CreateBackup(backups, prod, files, version, version_file, meta, options, stats);
  }
};

ino_t Inode(const std::filesystem::path& p) {
  struct stat st;
  REQUIRE(::stat(p.c_str(), &st) == 0);
  return st.st_ino;
}

mode_t Mode(const std::filesystem::path& p) {
  struct stat st;
  REQUIRE(::stat(p.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

std::vector<std::string> DirNames(const std::filesystem::path& dir) {
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    names.push_back(e.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

TEST_CASE("A backup keeps content and modes and passes sha256sum -c", "[engine][backup]") {
  Fixture f;
  f.Put("server.py", "print('hi')\n", 0755);
  f.Put("workflow/steps.py", "x = 1\n", 0640);
  f.Put("agents.json", "{}\n");
  f.Put(".env", "SECRET=1\n", 0600);  // unmanaged: not in the list
  f.Put("VERSION", "{\"version\": \"0.1.0\"}\n", 0644);
  std::vector<size_t> progress;
  BackupOptions options;
  options.progress = [&](size_t done, size_t total, const std::string&) {
    CHECK(total == 3);
    progress.push_back(done);
  };
  auto info =
      f.Backup({"server.py", "workflow/steps.py", "agents.json"}, "0.1.0", nullptr, options);
  REQUIRE(info.ok());
  CHECK(info->backup_id == "20261121T224509.123Z-v0.1.0");
  CHECK(info->dir == f.backups / info->backup_id);
  CHECK(info->created == "2026-11-21T22:45:09.123Z");
  CHECK(info->files == 3);
  CHECK(info->bytes == 12 + 6 + 3);
  CHECK(progress == std::vector<size_t>{1, 2, 3});

  CHECK(ReadFileOrDie(info->dir / "files/server.py") == "print('hi')\n");
  CHECK(Mode(info->dir / "files/server.py") == 0755);
  CHECK(Mode(info->dir / "files/workflow/steps.py") == 0640);
  CHECK(ReadFileOrDie(info->dir / "VERSION") == "{\"version\": \"0.1.0\"}\n");
  CHECK_FALSE(std::filesystem::exists(info->dir / "files/.env"));
  CHECK_FALSE(std::filesystem::exists(info->dir / "files/VERSION"));
  CHECK(DirNames(f.backups) == std::vector<std::string>{info->backup_id});

  SubprocessOptions check;
  check.argv = {"sha256sum", "-c", "--strict", "SHA256SUMS"};
  check.cwd = info->dir.string();
  auto r = Subprocess::Run(check);
  REQUIRE(r.ok());
  INFO(r->stdout_text << r->stderr_text);
  CHECK(r->exit.success());
  CHECK(r->stdout_text.find("files/workflow/steps.py: OK") != std::string::npos);
  CHECK(r->stdout_text.find("VERSION: OK") != std::string::npos);
  CHECK(VerifyBackup(info->dir).ok());

  auto listed = ListBackups(f.backups, /*verify_contents=*/true);
  REQUIRE(listed.ok());
  REQUIRE(listed->size() == 1);
  CHECK_FALSE((*listed)[0].damaged);
  CHECK((*listed)[0].git_commit == "abc123");
}

TEST_CASE("A file the operation replaces keeps its inode in the backup, which still verifies",
          "[engine][backup]") {
  Fixture f;
  f.Put("replaced.py", "old release\n", 0640);
  f.Put("kept.py", "stays in production\n");
  std::vector<BackupSourceFile> files = {f.Source("kept.py"), f.Source("replaced.py")};
  files[1].replaced = true;
  BackupOptions options;
  options.clock = &f.clock;
  BackupMeta meta{"unified-agents", BackupKind::kPreDeploy, "dep-test", "abc123"};
  BackupStats stats;
  auto backup =
      CreateBackup(f.backups, f.prod, files, "0.1.0", std::nullopt, meta, options, &stats);
  REQUIRE(backup.ok());
  CHECK(stats.linked == 1);
  CHECK(stats.copied == 1);
  CHECK(Inode(backup->dir / "files/replaced.py") == Inode(f.prod / "replaced.py"));
  CHECK(Inode(backup->dir / "files/kept.py") != Inode(f.prod / "kept.py"));
  CHECK(Mode(backup->dir / "files/replaced.py") == 0640);
  CHECK(VerifyBackup(backup->dir).ok());
  // The switch renames the new release over the path: the backup keeps the old content.
  f.Put("new.tmp", "new release\n");
  std::filesystem::rename(f.prod / "new.tmp", f.prod / "replaced.py");
  CHECK(ReadFileOrDie(backup->dir / "files/replaced.py") == "old release\n");
  CHECK(VerifyBackup(backup->dir).ok());
}

TEST_CASE("Identical files are hard links to the previous backup and changed ones copies",
          "[engine][backup]") {
  Fixture f;
  f.Put("same.py", "unchanged\n");
  f.Put("changed.py", "v1\n");
  f.Put("mode.py", "same bytes\n", 0644);
  BackupStats first_stats;
  auto first = f.Backup({"same.py", "changed.py", "mode.py"}, "0.1.0", &first_stats);
  REQUIRE(first.ok());
  CHECK(first_stats.copied == 3);
  CHECK(first_stats.linked == 0);

  f.Put("changed.py", "v2\n");
  std::filesystem::permissions(f.prod / "mode.py", std::filesystem::perms(0755));
  f.clock.Advance(seconds(60));
  BackupStats stats;
  auto second = f.Backup({"same.py", "changed.py", "mode.py"}, "0.1.1", &stats);
  REQUIRE(second.ok());
  CHECK(second->backup_id == "20261121T224609.123Z-v0.1.1");
  CHECK(stats.linked == 1);
  CHECK(stats.copied == 2);
  CHECK(Inode(second->dir / "files/same.py") == Inode(first->dir / "files/same.py"));
  struct stat st;
  REQUIRE(::stat((second->dir / "files/same.py").c_str(), &st) == 0);
  CHECK(st.st_nlink == 2);
  CHECK(Inode(second->dir / "files/changed.py") != Inode(first->dir / "files/changed.py"));
  CHECK(ReadFileOrDie(second->dir / "files/changed.py") == "v2\n");
  CHECK(ReadFileOrDie(first->dir / "files/changed.py") == "v1\n");
  CHECK(Inode(second->dir / "files/mode.py") != Inode(first->dir / "files/mode.py"));
  CHECK(Mode(second->dir / "files/mode.py") == 0755);
  CHECK(Mode(first->dir / "files/mode.py") == 0644);
}

TEST_CASE("A tampered previous backup is not linked into the new one", "[engine][backup]") {
  Fixture f;
  f.Put("a.py", "good\n");
  auto first = f.Backup({"a.py"});
  REQUIRE(first.ok());
  ua::testing::RewriteInPlace(first->dir / "files/a.py", "evil\n");
  auto check = VerifyBackup(first->dir);
  CHECK(check.code() == StatusCode::kCorrupt);
  REQUIRE_FALSE(check.context().empty());
  CHECK(check.context()[0] == "files/a.py: sha256 differs from the manifest");

  f.clock.Advance(seconds(1));
  BackupStats stats;
  auto second = f.Backup({"a.py"}, "0.1.0", &stats);
  REQUIRE(second.ok());
  CHECK(stats.copied == 1);
  CHECK(stats.linked == 0);
  CHECK(ReadFileOrDie(second->dir / "files/a.py") == "good\n");
  CHECK(VerifyBackup(second->dir).ok());
}

TEST_CASE("A name collision gets a suffix and names are never reused", "[engine][backup]") {
  Fixture f;
  f.Put("a.py", "a\n");
  auto one = f.Backup({"a.py"});
  auto two = f.Backup({"a.py"});
  auto three = f.Backup({"a.py"});
  REQUIRE(one.ok());
  REQUIRE(two.ok());
  REQUIRE(three.ok());
  CHECK(one->backup_id == "20261121T224509.123Z-v0.1.0");
  CHECK(two->backup_id == "20261121T224509.123Z-v0.1.0-2");
  CHECK(three->backup_id == "20261121T224509.123Z-v0.1.0-3");
  auto none = f.Backup({"a.py"}, std::nullopt);
  REQUIRE(none.ok());
  CHECK(none->backup_id == "20261121T224509.123Z");
  CHECK_FALSE(none->version);
}

TEST_CASE("A production file that changed after hashing fails verification", "[engine][backup]") {
  Fixture f;
  f.Put("a.py", "hashed\n");
  std::vector<BackupSourceFile> files = {f.Source("a.py")};
  f.Put("a.py", "edited!\n");
  BackupMeta meta{"p", BackupKind::kPreDeploy, "dep", std::nullopt};
  BackupOptions options;
  options.clock = &f.clock;
  auto r = CreateBackup(f.backups, f.prod, files, "0.1.0", std::nullopt, meta, options);
  CHECK(r.status().code() == StatusCode::kCorrupt);
  CHECK(DirNames(f.backups).empty());
}

TEST_CASE("A cancelled backup leaves nothing behind", "[engine][backup]") {
  Fixture f;
  for (int i = 0; i < 5; ++i) f.Put("f" + std::to_string(i) + ".py", "x");
  std::stop_source stop;
  size_t calls = 0;
  BackupOptions options;
  options.stop = stop.get_token();
  options.progress = [&](size_t done, size_t, const std::string&) {
    ++calls;
    if (done == 2) stop.request_stop();
  };
  auto r = f.Backup({"f0.py", "f1.py", "f2.py", "f3.py", "f4.py"}, "0.1.0", nullptr, options);
  CHECK(r.status().code() == StatusCode::kCancelled);
  CHECK(calls == 2);
  CHECK(DirNames(f.backups).empty());
}

TEST_CASE("The first backup of an empty target is empty but valid", "[engine][backup]") {
  Fixture f;
  auto r = f.Backup({}, std::nullopt);
  REQUIRE(r.ok());
  CHECK(r->files == 0);
  CHECK(r->bytes == 0);
  CHECK(std::filesystem::is_directory(r->dir / "files"));
  CHECK(ReadFileOrDie(r->dir / "SHA256SUMS").empty());
  CHECK(VerifyBackup(r->dir).ok());
  auto listed = FindBackup(f.backups, r->backup_id, true);
  REQUIRE(listed.ok());
  CHECK_FALSE(listed->damaged);
}

TEST_CASE("Unsafe or duplicate paths are refused before anything is read", "[engine][backup]") {
  Fixture f;
  f.Put("a.py", "a");
  BackupSourceFile good = f.Source("a.py");
  BackupMeta meta{"p", BackupKind::kSafety, "dep", std::nullopt};
  for (const char* bad : {"../outside", "/etc/passwd", "a/./b"}) {
    BackupSourceFile escape = good;
    escape.path = bad;
    auto r = CreateBackup(f.backups, f.prod, {escape}, "1", std::nullopt, meta);
    CHECK(r.status().code() == StatusCode::kInvalidArgument);
  }
  auto dup = CreateBackup(f.backups, f.prod, {good, good}, "1", std::nullopt, meta);
  CHECK(dup.status().code() == StatusCode::kInvalidArgument);
  CHECK_FALSE(std::filesystem::exists(f.backups));
}

}  // namespace
}  // namespace ua::engine
