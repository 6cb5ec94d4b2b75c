// DiffTexts: the hunks of a unified diff between two texts, computed by libgit2's xdiff (Myers'
// algorithm; change boundaries slide down as GNU diff slides them), as `diff -u` prints them:
// the same ranges, lines and "\ No newline at end of file" markers. Lines are compared byte for
// byte; a CRLF line keeps its '\r'. Where many edits sit among repeated lines (blank lines,
// closing brackets), GNU diff's heuristic for frequent lines can choose a longer diff than
// xdiff's; both are correct, the hunks then differ (docs/tools.md, "The diff preview").
//
// Lines are first numbered by equivalence class, so xdiff compares short tokens instead of
// hashing long lines byte by byte: the hunks are the same, since xdiff only asks which lines
// are equal. Both texts are treated as text whatever they hold; whether a file is binary is
// the caller's call (base/line_index.h, base/utf8.h). Pure function of its arguments; safe from
// any thread (libgit2 is initialised once, thread-safely).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace ua {

struct DiffLine {
  // ' ' context, '-' only in the old text, '+' only in the new one, '\\' the "No newline at end
  // of file" marker of the line before it.
  char origin = ' ';
  std::string text;  // without its line ending; "\\ No newline at end of file" for a marker
  int old_line = 0;  // 1-based line in the old text; 0 for '+' lines and markers
  int new_line = 0;  // 1-based line in the new text; 0 for '-' lines and markers
};

struct DiffHunk {
  // As in the "@@ -old_start,old_lines +new_start,new_lines @@" header: an empty range starts
  // at the line before it (0 at the top of the file).
  int old_start = 0, old_lines = 0, new_start = 0, new_lines = 0;
  std::vector<DiffLine> lines;
};

// The hunks turning `old_text` into `new_text`, with `context` lines of context around each
// change; hunks whose contexts touch or overlap are merged, as diff -u does. Empty when the
// texts are equal. kInternal only when libgit2 fails (out of memory).
Result<std::vector<DiffHunk>> DiffTexts(std::string_view old_text, std::string_view new_text,
                                        int context = 3);

// "@@ -1,3 +1,4 @@", with diff -u's short forms: a range of one line is its start alone.
std::string HunkHeader(const DiffHunk& hunk);

}  // namespace ua
