// ReleaseTruth: which release each file of a switch is in, read from production itself (its
// SHA-256 against the old and the new release's), never inferred from the step that failed.
// A report after a failed switch or rollback says what is true: "production is unchanged (old
// release)", "production is the new release", or the mix, with the mixed files first.
//
// Read-only; stateless; safe from any thread.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "deploy_engine/backup/backup_manifest.h"
#include "deploy_engine/switch/release_switch.h"

namespace ua::engine {

// As an ExpectedFile's new_sha256: any content other than the old release's is the new one
// (VERSION, whose new content is written last).
inline constexpr char kAnyOtherContent[] = "*";

// A path the switch changes, with its content in each release ("" = absent in that release).
struct ExpectedFile {
  std::string path;
  std::string old_sha256;
  std::string new_sha256;
};

enum class FileState { kOld, kNew, kNeither };
const char* FileStateName(FileState state);  // "old", "new", "neither"

struct FileTruth {
  std::string path;
  FileState state = FileState::kOld;
};

struct ReleaseTruth {
  std::vector<FileTruth> files;  // the files not in the old release first, then in path order

  size_t Count(FileState state) const;
  bool AllOld() const { return Count(FileState::kOld) == files.size(); }
  bool AllNew() const { return Count(FileState::kNew) == files.size(); }
  // "production is unchanged (old release)", "production is entirely the new release", or
  // "production is a mix of the old and the new release: 2 files old, 1 new, 0 neither".
  std::string Headline() const;
};

// What a restore of `restored` (a backup's manifest: the release going back into production)
// expects of each file it touches: the `restore` paths hold the backup's content in that
// release, the `added` paths are absent from it, and VERSION is the backup's (or absent).
// `left_sha256(path)` gives a path's content in the release being left ("" = absent,
// kAnyOtherContent = unknown); VERSION's is always kAnyOtherContent.
std::vector<ExpectedFile> RestoreExpectations(
    const BackupManifest& restored, const std::vector<std::string>& added,
    const std::vector<std::string>& restore,
    const std::function<std::string(const std::string&)>& left_sha256);

// `set` (a restore) without the files that already hold the release it restores ("old" in
// `truth`): they need no write, so a file that refuses writes cannot stop the restore.
SwitchSet WithoutRestored(SwitchSet set, const ReleaseTruth& truth);

// Hashes each file under `target` (absent counts as "") and compares it with both releases.
// A file that matches neither (edited meanwhile, or unreadable) is kNeither.
ReleaseTruth ReadReleaseTruth(const std::filesystem::path& target,
                              const std::vector<ExpectedFile>& files);

}  // namespace ua::engine
