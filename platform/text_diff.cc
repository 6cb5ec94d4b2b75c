#include "platform/text_diff.h"

#include <git2.h>

#include <memory>
#include <unordered_map>

#include "platform/libgit2_init.h"

namespace ua {
namespace {

constexpr std::string_view kNoNewline = "\\ No newline at end of file";

struct PatchFree {
  void operator()(git_patch* p) const { git_patch_free(p); }
};

std::string Range(int start, int lines) {
  if (lines == 1) return std::to_string(start);
  return std::to_string(start) + "," + std::to_string(lines);
}

// The lines of a text, each with its '\n' (the last may lack it).
std::vector<std::string_view> SplitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start < text.size()) {
    const size_t end = text.find('\n', start);
    const size_t stop = end == std::string_view::npos ? text.size() : end + 1;
    lines.push_back(text.substr(start, stop - start));
    start = stop;
  }
  return lines;
}

// Both texts with each line replaced by the number of its equivalence class (equal lines, the
// '\n' included, get equal numbers), and a last line without '\n' kept without it. xdiff's
// result depends only on which lines are equal, so diffing these short tokens gives the hunks
// of the texts themselves, without hashing long lines byte by byte.
struct Tokens {
  std::string old_text, new_text;
};

Tokens Tokenize(const std::vector<std::string_view>& old_lines,
                const std::vector<std::string_view>& new_lines) {
  std::unordered_map<std::string_view, size_t> classes;
  classes.reserve(old_lines.size() + new_lines.size());
  auto encode = [&](const std::vector<std::string_view>& lines, std::string& out) {
    out.reserve(lines.size() * 6);
    for (std::string_view line : lines) {
      const size_t id = classes.emplace(line, classes.size()).first->second;
      out += std::to_string(id);
      if (line.back() == '\n') out += '\n';
    }
  };
  Tokens tokens;
  encode(old_lines, tokens.old_text);
  encode(new_lines, tokens.new_text);
  return tokens;
}

std::string WithoutLineEnding(std::string_view line) {
  if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
  return std::string(line);
}

// The diff when one side is empty: every line of the other in one hunk, as diff -uN prints
// an added or removed file; no hunk when both are empty.
std::vector<DiffHunk> WholeText(const std::vector<std::string_view>& old_lines,
                                const std::vector<std::string_view>& new_lines) {
  if (old_lines.empty() && new_lines.empty()) return {};
  const bool added = old_lines.empty();
  const std::vector<std::string_view>& lines = added ? new_lines : old_lines;
  const int count = static_cast<int>(lines.size());
  DiffHunk hunk{.old_start = added ? 0 : 1,
                .old_lines = added ? 0 : count,
                .new_start = added ? 1 : 0,
                .new_lines = added ? count : 0,
                .lines = {}};
  hunk.lines.reserve(lines.size() + 1);
  for (int n = 1; n <= count; ++n) {
    hunk.lines.push_back({.origin = added ? '+' : '-',
                          .text = WithoutLineEnding(lines[static_cast<size_t>(n - 1)]),
                          .old_line = added ? 0 : n,
                          .new_line = added ? n : 0});
  }
  if (lines.back().back() != '\n') {
    hunk.lines.push_back(
        {.origin = '\\', .text = std::string(kNoNewline), .old_line = 0, .new_line = 0});
  }
  return {std::move(hunk)};
}

}  // namespace

Result<std::vector<DiffHunk>> DiffTexts(std::string_view old_text, std::string_view new_text,
                                        int context) {
  EnsureLibgit2();
  git_diff_options options;
  git_diff_options_init(&options, GIT_DIFF_OPTIONS_VERSION);
  options.flags = GIT_DIFF_FORCE_TEXT;
  options.context_lines = static_cast<uint32_t>(context);
  options.interhunk_lines = 0;
  const std::vector<std::string_view> old_lines = SplitLines(old_text);
  const std::vector<std::string_view> new_lines = SplitLines(new_text);
  if (old_lines.empty() || new_lines.empty()) return WholeText(old_lines, new_lines);
  const Tokens tokens = Tokenize(old_lines, new_lines);
  git_patch* raw = nullptr;
  if (git_patch_from_buffers(&raw, tokens.old_text.data(), tokens.old_text.size(), "a",
                             tokens.new_text.data(), tokens.new_text.size(), "b", &options) != 0) {
    const git_error* e = git_error_last();
    return Status(StatusCode::kInternal,
                  std::string("cannot diff: ") + (e && e->message ? e->message : "libgit2 error"));
  }
  std::unique_ptr<git_patch, PatchFree> patch(raw);
  std::vector<DiffHunk> hunks;
  const size_t count = git_patch_num_hunks(patch.get());
  hunks.reserve(count);
  for (size_t h = 0; h < count; ++h) {
    const git_diff_hunk* header = nullptr;
    size_t line_count = 0;
    if (git_patch_get_hunk(&header, &line_count, patch.get(), h) != 0) {
      return Status(StatusCode::kInternal, "cannot read a diff hunk");
    }
    DiffHunk hunk{.old_start = header->old_start,
                  .old_lines = header->old_lines,
                  .new_start = header->new_start,
                  .new_lines = header->new_lines,
                  .lines = {}};
    hunk.lines.reserve(line_count);
    for (size_t l = 0; l < line_count; ++l) {
      const git_diff_line* line = nullptr;
      if (git_patch_get_line_in_hunk(&line, patch.get(), h, l) != 0) {
        return Status(StatusCode::kInternal, "cannot read a diff line");
      }
      switch (line->origin) {
        case GIT_DIFF_LINE_CONTEXT:
        case GIT_DIFF_LINE_ADDITION:
        case GIT_DIFF_LINE_DELETION: {
          const int old_line = line->old_lineno > 0 ? line->old_lineno : 0;
          const int new_line = line->new_lineno > 0 ? line->new_lineno : 0;
          const std::string_view original = old_line > 0
                                                ? old_lines[static_cast<size_t>(old_line - 1)]
                                                : new_lines[static_cast<size_t>(new_line - 1)];
          hunk.lines.push_back({.origin = line->origin,
                                .text = WithoutLineEnding(original),
                                .old_line = old_line,
                                .new_line = new_line});
          break;
        }
        case GIT_DIFF_LINE_CONTEXT_EOFNL:
        case GIT_DIFF_LINE_ADD_EOFNL:
        case GIT_DIFF_LINE_DEL_EOFNL:
          hunk.lines.push_back(
              {.origin = '\\', .text = std::string(kNoNewline), .old_line = 0, .new_line = 0});
          break;
        default:
          break;
      }
    }
    hunks.push_back(std::move(hunk));
  }
  return hunks;
}

std::string HunkHeader(const DiffHunk& hunk) {
  return "@@ -" + Range(hunk.old_start, hunk.old_lines) + " +" +
         Range(hunk.new_start, hunk.new_lines) + " @@";
}

}  // namespace ua
