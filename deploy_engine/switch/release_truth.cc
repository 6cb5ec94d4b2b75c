#include "deploy_engine/switch/release_truth.h"

#include <algorithm>

#include "deploy_engine/state/layout.h"
#include "platform/sha256.h"

namespace ua::engine {

const char* FileStateName(FileState state) {
  switch (state) {
    case FileState::kOld:
      return "old";
    case FileState::kNew:
      return "new";
    case FileState::kNeither:
      return "neither";
  }
  return "neither";
}

size_t ReleaseTruth::Count(FileState state) const {
  return static_cast<size_t>(std::count_if(files.begin(), files.end(),
                                           [&](const FileTruth& f) { return f.state == state; }));
}

std::string ReleaseTruth::Headline() const {
  if (AllOld()) return "production is unchanged (old release)";
  if (AllNew()) return "production is entirely the new release";
  return "production is a mix of the old and the new release: " +
         std::to_string(Count(FileState::kOld)) + " of " + std::to_string(files.size()) +
         " files old, " + std::to_string(Count(FileState::kNew)) + " new, " +
         std::to_string(Count(FileState::kNeither)) + " neither";
}

ReleaseTruth ReadReleaseTruth(const std::filesystem::path& target,
                              const std::vector<ExpectedFile>& files) {
  ReleaseTruth truth;
  for (const ExpectedFile& f : files) {
    std::error_code ec;
    const auto status = std::filesystem::symlink_status(target / f.path, ec);
    std::string now;
    bool readable = true;
    if (std::filesystem::exists(status)) {
      auto sha = Sha256File(target / f.path);
      readable = sha.ok();
      if (readable) now = *sha;
    }
    FileState state = FileState::kNeither;
    if (readable && now == f.old_sha256) {
      state = FileState::kOld;
    } else if (readable && (now == f.new_sha256 || f.new_sha256 == kAnyOtherContent)) {
      state = FileState::kNew;
    }
    truth.files.push_back({f.path, state});
  }
  std::stable_sort(truth.files.begin(), truth.files.end(),
                   [](const FileTruth& a, const FileTruth& b) {
                     return (a.state != FileState::kOld) > (b.state != FileState::kOld);
                   });
  return truth;
}

std::vector<ExpectedFile> RestoreExpectations(
    const BackupManifest& restored, const std::vector<std::string>& added,
    const std::vector<std::string>& restore,
    const std::function<std::string(const std::string&)>& left_sha256) {
  std::vector<ExpectedFile> files;
  for (const std::string& p : added) files.push_back({p, "", left_sha256(p)});
  for (const std::string& p : restore) {
    const ManifestFile* f = restored.Find(p);
    files.push_back({p, f ? f->sha256 : std::string(), left_sha256(p)});
  }
  files.push_back({kVersionFileName,
                   restored.version_file ? restored.version_file->sha256 : std::string(),
                   kAnyOtherContent});
  return files;
}

SwitchSet WithoutRestored(SwitchSet set, const ReleaseTruth& truth) {
  auto restored = [&](const std::string& path) {
    return std::any_of(truth.files.begin(), truth.files.end(), [&](const FileTruth& f) {
      return f.path == path && f.state == FileState::kOld;
    });
  };
  std::erase_if(set.put, [&](const SwitchPut& p) { return restored(p.path); });
  std::erase_if(set.remove, [&](const std::string& p) { return restored(p); });
  return set;
}

}  // namespace ua::engine
