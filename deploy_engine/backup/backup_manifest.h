// BackupManifest: the manifest.json of a backup directory (schemas/backup-manifest.schema.json)
// and the SHA256SUMS text derived from it.
//
// ParseManifest accepts only documents that match the schema and are coherent: every path is
// a safe relative path (no "..", no absolute path, no empty segment), paths are unique, and
// total_bytes is the sum of the sizes. So code that restores from a parsed manifest can join
// its paths under a root without escaping it. Plain values; safe from any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/status.h"

namespace ua::engine {

enum class BackupKind { kPreDeploy, kSafety };
const char* BackupKindName(BackupKind kind);  // "pre_deploy" | "safety"

struct ManifestFile {
  std::string path;  // relative to the production root; stored under files/<path>
  uint64_t size = 0;
  uint32_t mode = 0;  // permission bits
  std::string sha256;
};

struct ManifestVersionFile {
  uint64_t size = 0;
  uint32_t mode = 0;
  std::string sha256;
};

struct BackupManifest {
  std::string backup_id;
  std::string created;  // ISO UTC
  std::string profile;
  BackupKind kind = BackupKind::kPreDeploy;
  std::string deployment_id;
  std::optional<std::string> version;
  std::optional<std::string> git_commit;
  std::optional<ManifestVersionFile> version_file;  // stored as VERSION in the backup
  std::vector<ManifestFile> files;                  // sorted by path (byte order)
  uint64_t total_bytes = 0;

  // Binary search; requires `files` sorted (ParseManifest and CreateBackup sort them).
  const ManifestFile* Find(std::string_view path) const;
};

// True for "a/b.py"; false for "", "/a", "a/../b", "a//b", "./a", paths with NUL.
bool IsSafeRelativePath(std::string_view path);

nlohmann::json ManifestToJson(const BackupManifest& m);
std::string SerializeManifest(const BackupManifest& m);  // pretty JSON + "\n"
// kCorrupt with the schema violations or the incoherence found.
Result<BackupManifest> ManifestFromJson(const nlohmann::json& j);
Result<BackupManifest> ParseManifest(std::string_view text);

// "<sha256>  files/<path>\n" per file (and "<sha256>  VERSION\n" when there is one), in the
// escaped form GNU sha256sum uses for names with '\\' or '\n', so `sha256sum -c` run inside
// the backup directory checks everything.
std::string Sha256SumsText(const BackupManifest& m);

}  // namespace ua::engine
