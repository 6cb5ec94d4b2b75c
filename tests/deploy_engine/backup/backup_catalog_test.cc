#include "deploy_engine/backup/backup_catalog.h"

#include <catch2/catch.hpp>

#include "platform/sha256.h"
#include "tests/support/temp_dir.h"

namespace ua::engine {
namespace {

using ua::testing::TempDir;
using ua::testing::WriteFile;

// Writes a complete backup by hand so the catalog is tested independently of the writer.
void MakeBackup(const std::filesystem::path& backup_dir, const std::string& id,
                const std::string& content) {
  auto dir = backup_dir / id;
  WriteFile(dir / "files/server.py", content, 0755);
  BackupManifest m;
  m.backup_id = id;
  m.created = "2026-11-21T22:45:09.123Z";
  m.profile = "p";
  m.deployment_id = "dep-" + id;
  m.version = "0.1.0";
  m.files = {{"server.py", content.size(), 0755, Sha256Hex(content)}};
  m.total_bytes = content.size();
  WriteFile(dir / "manifest.json", SerializeManifest(m));
}

TEST_CASE("Backup ids are recognised strictly", "[engine][catalog]") {
  CHECK(IsBackupId("20261121T224509.123Z"));
  CHECK(IsBackupId("20261121T224509.123Z-v0.1.3"));
  CHECK(IsBackupId("20261121T224509.123Z-v0.1.3-2"));
  for (const char* bad :
       {"", "latest", ".incoming-20261121T224509.123Z-v1", "20261121T224509Z",
        "20261121T224509.123Z-", "20261121T224509.123Z/..", "20261121T224509.123Z-v1/../../etc",
        "20261121T224509.123Z-..", "x20261121T224509.123Z"}) {
    INFO(bad);
    CHECK_FALSE(IsBackupId(bad));
  }
}

TEST_CASE("ListBackups lists newest first and flags damaged backups", "[engine][catalog]") {
  TempDir dir;
  auto empty = ListBackups(dir / "missing");
  REQUIRE(empty.ok());
  CHECK(empty->empty());

  MakeBackup(dir.path(), "20261121T100000.000Z-v0.1.0", "old");
  MakeBackup(dir.path(), "20261121T120000.000Z-v0.1.2", "newest");
  MakeBackup(dir.path(), "20261121T110000.000Z-v0.1.1", "middle");
  WriteFile(dir / "20261121T130000.000Z-v0.1.3/files/server.py", "no manifest");
  MakeBackup(dir.path(), ".incoming-20261121T140000.000Z-v0.1.4", "partial");
  WriteFile(dir / "history.jsonl", "{}\n");
  WriteFile(dir / "notes/readme", "not a backup");

  auto list = ListBackups(dir.path());
  REQUIRE(list.ok());
  REQUIRE(list->size() == 4);
  CHECK((*list)[0].backup_id == "20261121T130000.000Z-v0.1.3");
  CHECK((*list)[0].damaged);
  CHECK((*list)[0].damage_reason == "manifest.json is missing");
  CHECK((*list)[1].backup_id == "20261121T120000.000Z-v0.1.2");
  CHECK_FALSE((*list)[1].damaged);
  CHECK((*list)[1].version == "0.1.0");
  CHECK((*list)[1].files == 1);
  CHECK((*list)[1].bytes == 6);
  CHECK((*list)[1].kind == "pre_deploy");
  REQUIRE((*list)[1].manifest);
  CHECK((*list)[2].backup_id == "20261121T110000.000Z-v0.1.1");
  CHECK((*list)[3].backup_id == "20261121T100000.000Z-v0.1.0");

  ua::testing::RewriteInPlace(dir / "20261121T110000.000Z-v0.1.1/files/server.py", "MIDDLE");
  auto shallow = ListBackups(dir.path());
  REQUIRE(shallow.ok());
  CHECK_FALSE((*shallow)[2].damaged);  // contents are only read with verify_contents
  auto verified = ListBackups(dir.path(), /*verify_contents=*/true);
  REQUIRE(verified.ok());
  const BackupInfo& tampered = (*verified)[2];
  CHECK(tampered.damaged);
  REQUIRE(tampered.first_mismatches.size() == 1);
  CHECK(tampered.first_mismatches[0] == "files/server.py: sha256 differs from the manifest");
  CHECK_FALSE((*verified)[1].damaged);
  CHECK_FALSE((*verified)[3].damaged);

  std::filesystem::remove(dir / "20261121T100000.000Z-v0.1.0/files/server.py");
  auto missing_file = FindBackup(dir.path(), "20261121T100000.000Z-v0.1.0", true);
  REQUIRE(missing_file.ok());
  CHECK(missing_file->damaged);
  CHECK(missing_file->first_mismatches.at(0) == "files/server.py: missing");
}

TEST_CASE("A manifest of another backup or with a bad schema is damage", "[engine][catalog]") {
  TempDir dir;
  MakeBackup(dir.path(), "20261121T100000.000Z-v0.1.0", "x");
  std::filesystem::rename(dir / "20261121T100000.000Z-v0.1.0", dir / "20261121T100000.000Z-v9");
  WriteFile(dir / "20261121T110000.000Z/manifest.json", "{\"format\": 1}");
  auto list = ListBackups(dir.path());
  REQUIRE(list.ok());
  REQUIRE(list->size() == 2);
  CHECK((*list)[0].damaged);
  CHECK((*list)[0].damage_reason.find("schema") != std::string::npos);
  CHECK((*list)[1].damaged);
  CHECK((*list)[1].damage_reason.find("belongs to backup") != std::string::npos);
}

TEST_CASE("FindBackup refuses unsafe and unknown ids", "[engine][catalog]") {
  TempDir dir;
  MakeBackup(dir.path(), "20261121T100000.000Z-v0.1.0", "x");
  CHECK(FindBackup(dir.path(), "../x").status().code() == StatusCode::kInvalidArgument);
  CHECK(FindBackup(dir.path(), "20261121T100000.000Z-v0.1.0/../..").status().code() ==
        StatusCode::kInvalidArgument);
  CHECK(FindBackup(dir.path(), "20261121T100000.000Z-v0.2.0").status().code() ==
        StatusCode::kNotFound);
  auto found = FindBackup(dir.path(), "20261121T100000.000Z-v0.1.0");
  REQUIRE(found.ok());
  CHECK_FALSE(found->damaged);
}

TEST_CASE("CleanupIncoming and RemoveBackup leave only complete backups", "[engine][catalog]") {
  TempDir dir;
  MakeBackup(dir.path(), "20261121T100000.000Z-v0.1.0", "x");
  MakeBackup(dir.path(), "20261121T110000.000Z-v0.1.1", "y");
  WriteFile(dir / ".incoming-20261121T120000.000Z-v0.1.2/files/a", "partial");
  WriteFile(dir / ".removing-20261121T090000.000Z/files/a", "half deleted");
  auto removed = CleanupIncoming(dir.path());
  REQUIRE(removed.ok());
  CHECK(*removed == 2);
  CHECK_FALSE(std::filesystem::exists(dir / ".incoming-20261121T120000.000Z-v0.1.2"));
  CHECK_FALSE(std::filesystem::exists(dir / ".removing-20261121T090000.000Z"));
  auto none = CleanupIncoming(dir / "missing");
  REQUIRE(none.ok());
  CHECK(*none == 0);

  REQUIRE(RemoveBackup(dir.path(), "20261121T100000.000Z-v0.1.0").ok());
  auto list = ListBackups(dir.path());
  REQUIRE(list.ok());
  REQUIRE(list->size() == 1);
  CHECK((*list)[0].backup_id == "20261121T110000.000Z-v0.1.1");
  CHECK(RemoveBackup(dir.path(), "20261121T100000.000Z-v0.1.0").code() == StatusCode::kNotFound);
}

}  // namespace
}  // namespace ua::engine
