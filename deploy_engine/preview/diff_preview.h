// DiffPreview: what a deployment would change inside each file, as unified diffs from
// production (old, "a/") to the source (new, "b/"), built from a Plan (files/plan.h), so a
// preview and the deployment that follows it speak of the same files.
//
// Guarantees:
//   - only the plan's added, modified and removed files are read: unchanged files are not
//     opened, nor any file outside the managed set;
//   - a modified text file gets the hunks GNU `diff -u` prints (platform/text_diff.h); an added
//     file is diffed against nothing, a removed one against nothing; a change of permission
//     bits alone reads nothing and shows as a mode change;
//   - never a secret: a line that the built-in secret rules flag (every line a multi-line
//     secret spans), or that assigns a literal to a secret-like name, is replaced by a
//     "[N lines hidden (secret)]" line; a file whose name marks it as secret (.env-style) or
//     that `hidden_paths` names (the secrets validator flagged it) shows no line at all;
//   - bounded: a file larger than limits.max_file_bytes, and every file once the text shown
//     reaches limits.max_total_bytes, is summarised (sizes, hashes, line counts) and marked
//     truncated; binary files (a NUL or invalid UTF-8 in their first 8 KiB) are summarised.
// Files come in path order.
//
// BuildDiffPreview reads files on up to four threads and blocks the calling thread; the result
// is a plain value.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <stop_token>
#include <string>
#include <vector>

#include "base/status.h"
#include "deploy_engine/config/config.h"
#include "deploy_engine/files/plan.h"
#include "platform/text_diff.h"

namespace ua::engine {

enum class FileDiffKind { kModified, kAdded, kRemoved, kModeOnly };
// "modified", "added", "removed", "mode".
const char* FileDiffKindName(FileDiffKind kind);

// How a file's change is shown.
enum class DiffShown {
  kHunks,      // line by line
  kBinary,     // summary: binary content
  kTooLarge,   // summary: over max_file_bytes (truncated)
  kOverTotal,  // summary: the preview reached max_total_bytes (truncated)
  kSecret,     // summary: the whole file is secret
  kNoContent,  // mode change only, or an empty file added or removed
  kUnreadable  // summary: the file could not be read (reason in `note`)
};
// "hunks", "binary", "too_large", "over_total", "secret", "no_content", "unreadable".
const char* DiffShownName(DiffShown shown);

// One side of the change, from the plan (size, digest, mode) and the read (lines).
struct FileSide {
  uint64_t size = 0;
  std::string sha256;
  uint32_t mode = 0;
  std::optional<uint64_t> lines;  // newline count (+1 for an unterminated last line); when read
};

struct FileDiff {
  std::string path;
  FileDiffKind kind = FileDiffKind::kModified;
  std::optional<FileSide> old_side;  // production's file; absent when added
  std::optional<FileSide> new_side;  // the source's file; absent when removed
  DiffShown shown = DiffShown::kHunks;
  std::vector<DiffHunk> hunks;  // with kHunks; hidden lines already replaced
  int added_lines = 0;          // '+' lines of the diff (hidden ones included); kHunks only
  int removed_lines = 0;        // '-' lines of the diff (hidden ones included); kHunks only
  int hidden_lines = 0;         // lines not shown because they hold or may hold a secret
  bool truncated = false;       // a cap replaced the diff by a summary
  std::string note;             // why a summary stands in for the diff, in words
  uint64_t text_bytes = 0;      // size of the hunks' text, as the preview counts it
};

struct DiffPreview {
  std::vector<FileDiff> files;
  uint64_t text_bytes = 0;  // of every file's hunks
  bool truncated = false;   // some file was summarised because of a cap
  int hidden_lines = 0;     // over all files
  DiffLimits limits;
};

struct DiffRequest {
  const Profile* profile = nullptr;  // source (new side), target (old side), limits
  const Plan* plan = nullptr;
  std::set<std::string> hidden_paths;  // shown without any line (e.g. flagged by validation)
  int context = 3;
};

// kCancelled when `stop` is requested before every file is read.
Result<DiffPreview> BuildDiffPreview(const DiffRequest& request, std::stop_token stop);

// Does BuildDiffPreview's one-time set-up (compiling the secret rules, initialising libgit2)
// now. Optional: a caller that will preview after a long walk can run it on another thread
// meanwhile. Thread-safe; idempotent.
void PrepareDiffPreview();

}  // namespace ua::engine
