#include "deploy_engine/backup/backup_verify.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "deploy_engine/state/layout.h"
#include "platform/fs_ops.h"
#include "platform/sha256.h"

namespace ua::engine {
namespace {

constexpr size_t kMaxContextLines = 10;

void Check(const std::filesystem::path& file, const std::string& name, uint64_t size, uint32_t mode,
           const std::string& sha, std::vector<std::string>* out) {
  int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) {
    out->push_back(name + (errno == ENOENT
                               ? ": missing"
                               : ": unreadable (" + std::string(std::strerror(errno)) + ")"));
    return;
  }
  struct stat st;
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    out->push_back(name + ": not a regular file");
    return;
  }
  if (static_cast<uint64_t>(st.st_size) != size) {
    ::close(fd);
    out->push_back(
        fmt::format("{}: size {} differs from the manifest's {}", name, st.st_size, size));
    return;
  }
  auto hash = Sha256Fd(fd, file);
  ::close(fd);
  if (!hash.ok()) {
    out->push_back(name + ": unreadable (" + hash.status().message() + ")");
  } else if (*hash != sha) {
    out->push_back(name + ": sha256 differs from the manifest");
  } else if ((st.st_mode & 07777) != mode) {
    out->push_back(fmt::format("{}: mode {:04o} differs from the manifest's {:04o}", name,
                               st.st_mode & 07777, mode));
  }
}

}  // namespace

std::vector<std::string> VerifyBackupContents(const std::filesystem::path& dir,
                                              const BackupManifest& manifest) {
  std::vector<std::string> mismatches;
  for (const auto& f : manifest.files) {
    Check(dir / kBackupFilesDir / f.path, "files/" + f.path, f.size, f.mode, f.sha256, &mismatches);
  }
  if (manifest.version_file) {
    const auto& v = *manifest.version_file;
    Check(dir / kVersionFileName, kVersionFileName, v.size, v.mode, v.sha256, &mismatches);
  }
  return mismatches;
}

Status VerifyBackup(const std::filesystem::path& dir) {
  auto text = fs::ReadFile(dir / kManifestFileName, /*follow_symlinks=*/false);
  if (!text.ok()) {
    return Corrupt("backup '" + dir.filename().string() +
                   "' has no readable manifest.json: " + text.status().message());
  }
  UA_ASSIGN_OR_RETURN(BackupManifest manifest, ParseManifest(*text));
  auto mismatches = VerifyBackupContents(dir, manifest);
  if (mismatches.empty()) return Status::Ok();
  Status s = Corrupt("backup '" + dir.filename().string() + "' is damaged: " +
                     std::to_string(mismatches.size()) + " file(s) differ from its manifest");
  for (size_t i = 0; i < mismatches.size() && i < kMaxContextLines; ++i) {
    s.AddContext(mismatches[i]);
  }
  return s;
}

}  // namespace ua::engine
