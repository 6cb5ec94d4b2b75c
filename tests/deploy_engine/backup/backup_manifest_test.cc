#include "deploy_engine/backup/backup_manifest.h"

#include <catch2/catch.hpp>

namespace ua::engine {
namespace {

using nlohmann::json;

const std::string kShaA(64, 'a');
const std::string kShaB(64, 'b');

BackupManifest Sample() {
  BackupManifest m;
  m.backup_id = "20261121T224509.123Z-v0.1.3";
  m.created = "2026-11-21T22:45:09.123Z";
  m.profile = "unified-agents";
  m.kind = BackupKind::kPreDeploy;
  m.deployment_id = "dep-1";
  m.version = "0.1.3";
  m.git_commit = std::nullopt;
  m.files = {{"server.py", 10, 0755, kShaA}, {"workflow/a.py", 5, 0644, kShaB}};
  m.total_bytes = 15;
  return m;
}

TEST_CASE("A manifest round-trips through its JSON and matches the schema", "[engine][manifest]") {
  BackupManifest m = Sample();
  m.version_file = ManifestVersionFile{42, 0644, kShaB};
  std::string text = SerializeManifest(m);
  json j = json::parse(text);
  CHECK(j["format"] == 1);
  CHECK(j["kind"] == "pre_deploy");
  CHECK(j["git_commit"].is_null());
  CHECK(j["files"][0]["mode"] == 0755);

  auto back = ParseManifest(text);
  REQUIRE(back.ok());
  CHECK(back->backup_id == m.backup_id);
  CHECK(back->version == "0.1.3");
  CHECK_FALSE(back->git_commit);
  REQUIRE(back->files.size() == 2);
  CHECK(back->files[1].path == "workflow/a.py");
  CHECK(back->files[1].mode == 0644);
  CHECK(back->total_bytes == 15);
  REQUIRE(back->version_file);
  CHECK(back->version_file->size == 42);
  REQUIRE(back->Find("server.py"));
  CHECK(back->Find("server.py")->sha256 == kShaA);
  CHECK_FALSE(back->Find("nope.py"));

  m.version = std::nullopt;
  m.kind = BackupKind::kSafety;
  back = ParseManifest(SerializeManifest(m));
  REQUIRE(back.ok());
  CHECK_FALSE(back->version);
  CHECK(back->kind == BackupKind::kSafety);
}

TEST_CASE("Each entry of files follows the schema's rules", "[engine][manifest]") {
  auto broken = [](const char* key, json value) {
    json j = ManifestToJson(Sample());
    if (value.is_discarded()) {
      j["files"][0].erase(key);
    } else {
      j["files"][0][key] = std::move(value);
    }
    auto r = ManifestFromJson(j);
    CHECK(r.status().code() == StatusCode::kCorrupt);
    return r.status().message();
  };
  CHECK_THAT(broken("mode", 4096), Catch::Contains("/files/0/mode"));
  CHECK_THAT(broken("size", -1), Catch::Contains("/files/0/size"));
  CHECK_THAT(broken("size", json(json::value_t::discarded)), Catch::Contains("/files/0/size"));
  CHECK_THAT(broken("path", ""), Catch::Contains("/files/0/path"));
  CHECK_THAT(broken("owner", "root"), Catch::Contains("unknown property 'owner'"));
  CHECK_THAT(broken("sha256", std::string(64, 'A')), Catch::Contains("/files/0/sha256"));
  json j = ManifestToJson(Sample());
  j["files"][0] = "not an entry";
  CHECK(ManifestFromJson(j).status().code() == StatusCode::kCorrupt);
}

TEST_CASE("Invalid or incoherent manifests are kCorrupt", "[engine][manifest]") {
  CHECK(ParseManifest("{not json").status().code() == StatusCode::kCorrupt);

  json j = ManifestToJson(Sample());
  j["files"][0]["sha256"] = "XYZ";
  auto r = ManifestFromJson(j);
  CHECK(r.status().code() == StatusCode::kCorrupt);
  CHECK(r.status().message().find("/files/0/sha256") != std::string::npos);

  j = ManifestToJson(Sample());
  j["files"][1]["path"] = "../etc/passwd";
  CHECK(ManifestFromJson(j).status().message().find("unsafe path") != std::string::npos);

  j = ManifestToJson(Sample());
  j["files"][1]["path"] = "server.py";
  CHECK(ManifestFromJson(j).status().message().find("twice") != std::string::npos);

  j = ManifestToJson(Sample());
  j["total_bytes"] = 16;
  CHECK(ManifestFromJson(j).status().code() == StatusCode::kCorrupt);

  j = ManifestToJson(Sample());
  j["format"] = 2;
  CHECK_FALSE(ManifestFromJson(j).ok());
  j = ManifestToJson(Sample());
  j["kind"] = "nightly";
  CHECK_FALSE(ManifestFromJson(j).ok());
  j = ManifestToJson(Sample());
  j.erase("version");
  CHECK_FALSE(ManifestFromJson(j).ok());
}

TEST_CASE("Safe relative paths", "[engine][manifest]") {
  CHECK(IsSafeRelativePath("a"));
  CHECK(IsSafeRelativePath("workflow/a.py"));
  CHECK(IsSafeRelativePath(".env.example"));
  for (const char* bad : {"", "/etc/passwd", "a/../b", "..", "a//b", "./a", "a/", "a/."}) {
    INFO(bad);
    CHECK_FALSE(IsSafeRelativePath(bad));
  }
}

TEST_CASE("SHA256SUMS lines use sha256sum's format and escaping", "[engine][manifest]") {
  BackupManifest m = Sample();
  m.files.push_back({"odd\\name", 0, 0644, kShaA});
  m.version_file = ManifestVersionFile{1, 0644, kShaB};
  CHECK(Sha256SumsText(m) == kShaA + "  files/server.py\n" + kShaB + "  files/workflow/a.py\n" +
                                 "\\" + kShaA + "  files/odd\\\\name\n" + kShaB + "  VERSION\n");
}

}  // namespace
}  // namespace ua::engine
