#include "deploy_engine/backup/backup_catalog.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <system_error>

#include "deploy_engine/backup/backup_verify.h"
#include "deploy_engine/state/layout.h"
#include "platform/fs_ops.h"

namespace ua::engine {
namespace {

constexpr size_t kMaxMismatches = 10;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

BackupInfo Inspect(const std::filesystem::path& dir, const std::string& id, bool verify) {
  BackupInfo info;
  info.backup_id = id;
  info.dir = dir;
  auto text = fs::ReadFile(dir / kManifestFileName, /*follow_symlinks=*/false);
  if (!text.ok()) {
    info.damaged = true;
    info.damage_reason = text.status().code() == StatusCode::kNotFound
                             ? "manifest.json is missing"
                             : "manifest.json is unreadable: " + text.status().message();
    return info;
  }
  auto manifest = ParseManifest(*text);
  if (!manifest.ok()) {
    info.damaged = true;
    info.damage_reason = manifest.status().message();
    return info;
  }
  info = BackupInfoFromManifest(dir, std::move(manifest).value());
  const BackupManifest& m = *info.manifest;
  if (m.backup_id != id) {
    info.backup_id = id;
    info.damaged = true;
    info.damage_reason = "manifest.json belongs to backup '" + m.backup_id + "'";
  } else if (verify) {
    VerifyBackupInfo(info);
  }
  return info;
}

bool IsRealDir(const std::filesystem::path& p) {
  struct stat st;
  return ::lstat(p.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

}  // namespace

void VerifyBackupInfo(BackupInfo& info) {
  if (info.damaged || !info.manifest) return;
  std::vector<std::string> mismatches = VerifyBackupContents(info.dir, *info.manifest);
  if (mismatches.empty()) return;
  info.damaged = true;
  info.damage_reason = std::to_string(mismatches.size()) +
                       " file(s) differ from the manifest, first: " + mismatches.front();
  mismatches.resize(std::min(mismatches.size(), kMaxMismatches));
  info.first_mismatches = std::move(mismatches);
}

BackupInfo BackupInfoFromManifest(const std::filesystem::path& dir, BackupManifest manifest) {
  BackupInfo info;
  info.backup_id = manifest.backup_id;
  info.created = manifest.created;
  info.version = manifest.version;
  info.kind = BackupKindName(manifest.kind);
  info.deployment_id = manifest.deployment_id;
  info.git_commit = manifest.git_commit;
  info.files = manifest.files.size();
  info.bytes = manifest.total_bytes;
  info.dir = dir;
  info.manifest = std::move(manifest);
  return info;
}

bool IsBackupId(std::string_view name) {
  // yyyymmddTHHMMSS.mmmZ
  constexpr std::string_view kShape =
      "dddddddd"
      "T"
      "dddddd"
      "."
      "ddd"
      "Z";
  if (name.size() < kShape.size() || name.size() > 200) return false;
  for (size_t i = 0; i < kShape.size(); ++i) {
    if (kShape[i] == 'd' ? !IsDigit(name[i]) : name[i] != kShape[i]) return false;
  }
  std::string_view rest = name.substr(kShape.size());
  if (rest.empty()) return true;
  if (rest.size() < 2 || rest[0] != '-') return false;
  for (char c : rest) {
    bool ok = IsDigit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '.' ||
              c == '_' || c == '+' || c == '-';
    if (!ok) return false;
  }
  return rest.find("..") == std::string_view::npos;
}

Result<std::vector<BackupInfo>> ListBackups(const std::filesystem::path& backup_dir,
                                            bool verify_contents) {
  std::vector<BackupInfo> out;
  std::error_code ec;
  std::filesystem::directory_iterator it(backup_dir, ec);
  if (ec) {
    if (ec == std::errc::no_such_file_or_directory) return out;
    return ErrnoStatus("list backups in '" + backup_dir.string() + "'", ec.value());
  }
  std::vector<std::string> names;
  for (const auto& entry : it) {
    std::string name = entry.path().filename().string();
    if (IsBackupId(name) && IsRealDir(entry.path())) names.push_back(std::move(name));
  }
  std::sort(names.begin(), names.end(), std::greater<>());
  for (const auto& name : names) out.push_back(Inspect(backup_dir / name, name, verify_contents));
  return out;
}

Result<BackupInfo> FindBackup(const std::filesystem::path& backup_dir, std::string_view backup_id,
                              bool verify_contents) {
  if (!IsBackupId(backup_id)) {
    return InvalidArgument("'" + std::string(backup_id) +
                           "' is not a backup id (like 20261121T224509.123Z-v0.1.3); list "
                           "backups to see the ids");
  }
  auto dir = backup_dir / std::string(backup_id);
  if (!IsRealDir(dir)) {
    return NotFound("no backup '" + std::string(backup_id) + "' in " + backup_dir.string());
  }
  return Inspect(dir, std::string(backup_id), verify_contents);
}

Result<size_t> CleanupIncoming(const std::filesystem::path& backup_dir) {
  std::error_code ec;
  std::filesystem::directory_iterator it(backup_dir, ec);
  if (ec) {
    if (ec == std::errc::no_such_file_or_directory) return size_t{0};
    return ErrnoStatus("list '" + backup_dir.string() + "'", ec.value());
  }
  std::vector<std::filesystem::path> leftovers;
  for (const auto& entry : it) {
    std::string name = entry.path().filename().string();
    if (name.rfind(kIncomingBackupPrefix, 0) == 0 || name.rfind(kRemovingBackupPrefix, 0) == 0) {
      leftovers.push_back(entry.path());
    }
  }
  for (const auto& p : leftovers) UA_RETURN_IF_ERROR(fs::RemoveAll(p));
  if (!leftovers.empty()) UA_RETURN_IF_ERROR(fs::FsyncDir(backup_dir));
  return leftovers.size();
}

Status RemoveBackup(const std::filesystem::path& backup_dir, std::string_view backup_id) {
  UA_ASSIGN_OR_RETURN(BackupInfo info, FindBackup(backup_dir, backup_id));
  auto doomed = RemovingBackupPath(backup_dir, std::string(backup_id));
  UA_RETURN_IF_ERROR(fs::RemoveAll(doomed));
  UA_RETURN_IF_ERROR(fs::Rename(info.dir, doomed));
  UA_RETURN_IF_ERROR(fs::FsyncDir(backup_dir));
  UA_RETURN_IF_ERROR(fs::RemoveAll(doomed));
  return fs::FsyncDir(backup_dir);
}

}  // namespace ua::engine
