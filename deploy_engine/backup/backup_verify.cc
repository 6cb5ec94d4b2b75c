#include "deploy_engine/backup/backup_verify.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "base/parallel_for.h"
#include "deploy_engine/state/layout.h"
#include "platform/fs_ops.h"
#include "platform/sha256.h"

namespace ua::engine {
namespace {

constexpr size_t kMaxContextLines = 10;

}  // namespace

std::optional<std::string> CheckBackupFile(const std::filesystem::path& file,
                                           const std::string& name, uint64_t size, uint32_t mode,
                                           const std::string& sha) {
  int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) {
    return name + (errno == ENOENT ? ": missing"
                                   : ": unreadable (" + std::string(std::strerror(errno)) + ")");
  }
  struct stat st;
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return name + ": not a regular file";
  }
  if (static_cast<uint64_t>(st.st_size) != size) {
    ::close(fd);
    return fmt::format("{}: size {} differs from the manifest's {}", name, st.st_size, size);
  }
  struct stat read_under {};
  auto hash = Sha256Fd(fd, file, &read_under);
  ::close(fd);
  if (!hash.ok()) return name + ": unreadable (" + hash.status().message() + ")";
  if (*hash != sha) return name + ": sha256 differs from the manifest";
  if ((st.st_mode & 07777) != mode) {
    return fmt::format("{}: mode {:04o} differs from the manifest's {:04o}", name,
                       st.st_mode & 07777, mode);
  }
  return std::nullopt;
}

std::vector<std::string> VerifyBackupContents(const std::filesystem::path& dir,
                                              const BackupManifest& manifest) {
  // Each file is read and hashed on the pool; mismatches keep the manifest's order.
  std::vector<std::optional<std::string>> found(manifest.files.size());
  ParallelFor(manifest.files.size(), {}, [&](size_t i) {
    const ManifestFile& f = manifest.files[i];
    found[i] = CheckBackupFile(dir / kBackupFilesDir / f.path, "files/" + f.path, f.size, f.mode,
                               f.sha256);
  });
  std::vector<std::string> mismatches;
  for (auto& m : found) {
    if (m) mismatches.push_back(std::move(*m));
  }
  if (manifest.version_file) {
    const auto& v = *manifest.version_file;
    if (auto m =
            CheckBackupFile(dir / kVersionFileName, kVersionFileName, v.size, v.mode, v.sha256)) {
      mismatches.push_back(std::move(*m));
    }
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
