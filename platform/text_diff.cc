#include "platform/text_diff.h"

#include <git2.h>

#include <memory>

#include "platform/libgit2_init.h"

namespace ua {
namespace {

struct PatchFree {
  void operator()(git_patch* p) const { git_patch_free(p); }
};

std::string Range(int start, int lines) {
  if (lines == 1) return std::to_string(start);
  return std::to_string(start) + "," + std::to_string(lines);
}

std::string WithoutLineEnding(const char* content, size_t length) {
  if (length > 0 && content[length - 1] == '\n') --length;
  return std::string(content, length);
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
  git_patch* raw = nullptr;
  if (git_patch_from_buffers(&raw, old_text.data(), old_text.size(), "a", new_text.data(),
                             new_text.size(), "b", &options) != 0) {
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
        case GIT_DIFF_LINE_DELETION:
          hunk.lines.push_back({.origin = line->origin,
                                .text = WithoutLineEnding(line->content, line->content_len),
                                .old_line = line->old_lineno > 0 ? line->old_lineno : 0,
                                .new_line = line->new_lineno > 0 ? line->new_lineno : 0});
          break;
        case GIT_DIFF_LINE_CONTEXT_EOFNL:
        case GIT_DIFF_LINE_ADD_EOFNL:
        case GIT_DIFF_LINE_DEL_EOFNL:
          hunk.lines.push_back({.origin = '\\',
                                .text = "\\ No newline at end of file",
                                .old_line = 0,
                                .new_line = 0});
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
