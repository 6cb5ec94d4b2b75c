#include "deploy_engine/preview/diff_preview.h"

#include <algorithm>

#include "base/line_index.h"
#include "base/parallel_for.h"
#include "base/utf8.h"
#include "deploy_engine/preview/secret_lines.h"
#include "platform/fs_ops.h"
#include "platform/libgit2_init.h"

namespace ua::engine {
namespace {

// A file larger than this many times max_file_bytes is summarised without its line count, so a
// huge file costs no more than a stat.
constexpr uint64_t kLineCountReadFactor = 16;

uint64_t CountLines(std::string_view text) {
  return CountNewlines(text) + (!text.empty() && text.back() != '\n' ? 1 : 0);
}

std::string KiB(uint64_t bytes) {
  if (bytes % 1024 == 0) return std::to_string(bytes / 1024) + " KiB";
  return std::to_string(bytes) + " bytes";
}

FileSide NewSide(const PlannedFile& f) { return {f.size, f.sha256, f.mode, std::nullopt}; }

FileSide OldSide(const PlannedFile& f) {
  return {f.old_size.value_or(f.size), f.old_sha256.value_or(f.sha256), f.old_mode.value_or(f.mode),
          std::nullopt};
}

// The file's entry before anything is read: kind and sides from the plan.
FileDiff Planned(const PlannedFile& f, FileDiffKind kind) {
  FileDiff d;
  d.path = f.path;
  d.kind = kind;
  if (kind != FileDiffKind::kAdded) {
    d.old_side = kind == FileDiffKind::kRemoved ? NewSide(f) : OldSide(f);
  }
  if (kind != FileDiffKind::kRemoved) d.new_side = NewSide(f);
  return d;
}

// Replaces each run of secret lines (same origin) by one "[N lines hidden (secret)]" line.
int HideSecretLines(DiffHunk& hunk, const SecretLines& old_secrets,
                    const SecretLines& new_secrets) {
  int hidden = 0;
  std::vector<DiffLine> kept;
  kept.reserve(hunk.lines.size());
  auto marker = [](int n) {
    return "[" + std::to_string(n) + (n == 1 ? " line" : " lines") + " hidden (secret)]";
  };
  int run = 0;
  char run_origin = 0;
  auto flush = [&] {
    if (run == 0) return;
    kept.push_back({.origin = run_origin, .text = marker(run), .old_line = 0, .new_line = 0});
    hidden += run;
    run = 0;
  };
  for (DiffLine& line : hunk.lines) {
    const bool secret = (line.old_line > 0 && old_secrets.IsSecret(line.old_line)) ||
                        (line.new_line > 0 && new_secrets.IsSecret(line.new_line));
    if (secret && line.origin != '\\') {
      if (run > 0 && run_origin != line.origin) flush();
      run_origin = line.origin;
      ++run;
      continue;
    }
    // A marker after a hidden line would only say how the secret ends.
    if (line.origin == '\\' && run > 0) continue;
    flush();
    kept.push_back(std::move(line));
  }
  flush();
  hunk.lines = std::move(kept);
  return hidden;
}

uint64_t HunkBytes(const DiffHunk& hunk) {
  uint64_t bytes = HunkHeader(hunk).size() + 1;
  for (const DiffLine& line : hunk.lines) bytes += line.text.size() + 2;
  return bytes;
}

// Reads one side (nothing for an absent one) and counts its lines.
Status ReadSide(const std::filesystem::path& root, const std::string& rel,
                std::optional<FileSide>& side, std::string* text) {
  if (!side) return Status::Ok();
  UA_ASSIGN_OR_RETURN(*text, fs::ReadFile(root / rel));
  side->lines = CountLines(*text);
  return Status::Ok();
}

void Summarise(FileDiff& d, DiffShown shown, std::string note, bool truncated) {
  d.shown = shown;
  d.note = std::move(note);
  d.truncated = truncated;
}

// Everything about one file that needs its content: read, classify, diff, hide. A file that is
// secret by name, or that the caller hides, is never shown, whatever else it is: a binary or
// too large one too, so that no summary gives its hash.
void DiffOne(const DiffRequest& request, FileDiff& d) {
  const Profile& profile = *request.profile;
  const DiffLimits& limits = profile.diff;
  if (d.kind == FileDiffKind::kModeOnly) {
    d.shown = DiffShown::kNoContent;
    return;
  }
  const bool secret_file =
      request.hidden_paths.count(d.path) > 0 || FindSecretLines(d.path, {}).whole_file;
  const std::string cap = "over the per-file cap of " + KiB(limits.max_file_bytes);
  const uint64_t largest =
      std::max(d.old_side ? d.old_side->size : 0, d.new_side ? d.new_side->size : 0);
  const bool too_large = largest > limits.max_file_bytes;
  if (too_large && largest > kLineCountReadFactor * std::max<uint64_t>(limits.max_file_bytes, 1)) {
    if (secret_file) return Summarise(d, DiffShown::kSecret, "content hidden (secret)", false);
    return Summarise(d, DiffShown::kTooLarge, cap, true);
  }
  std::string old_text, new_text;
  Status read = ReadSide(profile.target, d.path, d.old_side, &old_text);
  if (read.ok()) read = ReadSide(profile.source, d.path, d.new_side, &new_text);
  if (!read.ok()) return Summarise(d, DiffShown::kUnreadable, read.message(), false);
  const bool binary = LooksBinary(old_text) || LooksBinary(new_text) || Utf8Invalid(old_text) ||
                      Utf8Invalid(new_text);
  if (secret_file && (binary || too_large)) {
    return Summarise(d, DiffShown::kSecret, "content hidden (secret)", false);
  }
  if (binary) return Summarise(d, DiffShown::kBinary, "binary content", false);
  if (too_large) return Summarise(d, DiffShown::kTooLarge, cap, true);
  const SecretLines old_secrets = FindSecretLines(d.path, old_text);
  const SecretLines new_secrets = FindSecretLines(d.path, new_text);
  auto hunks = DiffTexts(old_text, new_text, request.context);
  if (!hunks.ok()) return Summarise(d, DiffShown::kUnreadable, hunks.status().message(), false);
  for (const DiffHunk& hunk : *hunks) {
    for (const DiffLine& line : hunk.lines) {
      d.added_lines += line.origin == '+' ? 1 : 0;
      d.removed_lines += line.origin == '-' ? 1 : 0;
    }
  }
  if (secret_file || old_secrets.whole_file || new_secrets.whole_file) {
    d.hidden_lines = d.added_lines + d.removed_lines;
    return Summarise(d, DiffShown::kSecret,
                     std::to_string(d.hidden_lines) +
                         (d.hidden_lines == 1 ? " line hidden (secret)" : " lines hidden (secret)"),
                     false);
  }
  d.shown = (*hunks).empty() ? DiffShown::kNoContent : DiffShown::kHunks;
  d.hunks = std::move(hunks).value();
  for (DiffHunk& hunk : d.hunks) {
    d.hidden_lines += HideSecretLines(hunk, old_secrets, new_secrets);
    d.text_bytes += HunkBytes(hunk);
  }
}

}  // namespace

const char* FileDiffKindName(FileDiffKind kind) {
  switch (kind) {
    case FileDiffKind::kModified:
      return "modified";
    case FileDiffKind::kAdded:
      return "added";
    case FileDiffKind::kRemoved:
      return "removed";
    case FileDiffKind::kModeOnly:
      return "mode";
  }
  return "modified";
}

const char* DiffShownName(DiffShown shown) {
  switch (shown) {
    case DiffShown::kHunks:
      return "hunks";
    case DiffShown::kBinary:
      return "binary";
    case DiffShown::kTooLarge:
      return "too_large";
    case DiffShown::kOverTotal:
      return "over_total";
    case DiffShown::kSecret:
      return "secret";
    case DiffShown::kNoContent:
      return "no_content";
    case DiffShown::kUnreadable:
      return "unreadable";
  }
  return "hunks";
}

void PrepareDiffPreview() {
  PrepareSecretLines();
  EnsureLibgit2();
}

Result<DiffPreview> BuildDiffPreview(const DiffRequest& request, std::stop_token stop) {
  const Plan& plan = *request.plan;
  DiffPreview preview;
  preview.limits = request.profile->diff;
  for (const PlannedFile& f : plan.added) preview.files.push_back(Planned(f, FileDiffKind::kAdded));
  for (const PlannedFile& f : plan.modified) {
    const bool mode_only = f.old_sha256 && *f.old_sha256 == f.sha256;
    preview.files.push_back(
        Planned(f, mode_only ? FileDiffKind::kModeOnly : FileDiffKind::kModified));
  }
  for (const PlannedFile& f : plan.removed) {
    preview.files.push_back(Planned(f, FileDiffKind::kRemoved));
  }
  std::sort(preview.files.begin(), preview.files.end(),
            [](const FileDiff& a, const FileDiff& b) { return a.path < b.path; });

  ParallelFor(preview.files.size(), stop, [&](size_t i) { DiffOne(request, preview.files[i]); });
  if (stop.stop_requested()) return Status(StatusCode::kCancelled, "diff preview cancelled");

  // The total cap, in path order: the first file that does not fit, and every later one, is
  // summarised.
  bool total_reached = false;
  for (FileDiff& d : preview.files) {
    if (d.shown == DiffShown::kHunks) {
      total_reached =
          total_reached || preview.text_bytes + d.text_bytes > preview.limits.max_total_bytes;
      if (total_reached) {
        preview.truncated = true;
        Summarise(d, DiffShown::kOverTotal,
                  "the preview reached its total cap of " + KiB(preview.limits.max_total_bytes),
                  true);
        d.hunks.clear();
        d.text_bytes = 0;
        continue;
      }
      preview.text_bytes += d.text_bytes;
    }
    if (d.truncated) preview.truncated = true;
    preview.hidden_lines += d.hidden_lines;
  }
  return preview;
}

}  // namespace ua::engine
