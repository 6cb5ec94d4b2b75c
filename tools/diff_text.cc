#include "tools/diff_text.h"

#include <cstdio>

#include "base/json_text.h"

namespace ua::tools {
namespace {

using engine::DiffShown;
using engine::FileDiff;
using engine::FileDiffKind;
using nlohmann::json;

// git's spelling of a regular file's mode: "100644".
std::string GitMode(uint32_t mode) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%06o", 0100000u | (mode & 07777u));
  return buf;
}

// A secret file's hash is left out (null): for a short file it would let a guess be checked.
json SideJson(const FileDiff& d, const std::optional<engine::FileSide>& side) {
  if (!side) return nullptr;
  json j = {{"size", side->size},
            {"sha256", d.shown == DiffShown::kSecret ? json(nullptr) : json(side->sha256)},
            {"mode", GitMode(side->mode)}};
  j["lines"] = side->lines ? json(*side->lines) : json(nullptr);
  return j;
}

std::string LineText(const DiffLine& line) {
  return line.origin == '\\' ? line.text : std::string(1, line.origin) + line.text;
}

json HunkJson(const DiffHunk& hunk) {
  json lines = json::array();
  for (const DiffLine& line : hunk.lines) lines.push_back(LineText(line));
  return {{"header", HunkHeader(hunk)},  {"old_start", hunk.old_start},
          {"old_lines", hunk.old_lines}, {"new_start", hunk.new_start},
          {"new_lines", hunk.new_lines}, {"lines", lines}};
}

// One side's facts: "120 bytes, 3 lines, sha256 1a2b3c4d5e6f" (no hash for a secret file).
std::string SideFacts(const FileDiff& d, const std::optional<engine::FileSide>& side) {
  if (!side) return "(none)";
  std::string s = std::to_string(side->size) + " bytes";
  if (side->lines && d.shown != DiffShown::kBinary)
    s += ", " + std::to_string(*side->lines) + " lines";
  if (d.shown != DiffShown::kSecret) s += ", sha256 " + side->sha256.substr(0, 12);
  return s;
}

// "(not shown: <why>; before: 120 bytes, 3 lines, sha256 ..; after: ...)"
std::string SummaryLine(const FileDiff& d) {
  std::string s = "(not shown: " + d.note;
  if (d.old_side) s += "; before: " + SideFacts(d, d.old_side);
  if (d.new_side) s += "; after: " + SideFacts(d, d.new_side);
  return s + ")";
}

// "a/<path>" and "b/<path>", or /dev/null for the side that does not exist.
std::string OldName(const FileDiff& d) { return d.old_side ? "a/" + d.path : "/dev/null"; }
std::string NewName(const FileDiff& d) { return d.new_side ? "b/" + d.path : "/dev/null"; }

void AppendFile(const FileDiff& d, std::string& out) {
  out += "diff --git a/" + d.path + " b/" + d.path + "\n";
  const std::string old_mode = d.old_side ? GitMode(d.old_side->mode) : "";
  const std::string new_mode = d.new_side ? GitMode(d.new_side->mode) : "";
  if (d.kind == FileDiffKind::kAdded) {
    out += "new file mode " + new_mode + "\n";
  } else if (d.kind == FileDiffKind::kRemoved) {
    out += "deleted file mode " + old_mode + "\n";
  } else if (old_mode != new_mode) {
    out += "old mode " + old_mode + "\nnew mode " + new_mode + "\n";
  }
  if (d.shown == DiffShown::kNoContent) return;
  if (d.shown == DiffShown::kBinary) {
    out += "Binary files " + OldName(d) + " and " + NewName(d) + " differ\n";
    out += SummaryLine(d) + "\n";
    return;
  }
  if (d.shown != DiffShown::kHunks) {
    out += SummaryLine(d) + "\n";
    return;
  }
  out += "--- " + OldName(d) + "\n";
  out += "+++ " + NewName(d) + "\n";
  for (const DiffHunk& hunk : d.hunks) {
    out += HunkHeader(hunk) + "\n";
    for (const DiffLine& line : hunk.lines) {
      if (line.origin != '\\') out += line.origin;
      out += line.text;
      out += '\n';
    }
  }
}

}  // namespace

json DiffJson(const engine::DiffPreview& preview) {
  json files = json::array();
  for (const FileDiff& d : preview.files) {
    json f = {{"path", d.path},
              {"kind", engine::FileDiffKindName(d.kind)},
              {"shown", engine::DiffShownName(d.shown)},
              {"old", SideJson(d, d.old_side)},
              {"new", SideJson(d, d.new_side)},
              {"truncated", d.truncated},
              {"hidden_lines", d.hidden_lines}};
    if (d.shown == DiffShown::kHunks || d.shown == DiffShown::kNoContent) {
      json hunks = json::array();
      for (const DiffHunk& hunk : d.hunks) hunks.push_back(HunkJson(hunk));
      f["hunks"] = hunks;
      f["added_lines"] = d.added_lines;
      f["removed_lines"] = d.removed_lines;
    } else {
      f["summary"] = d.note;
    }
    files.push_back(std::move(f));
  }
  return files;
}

json DiffTotalsJson(const engine::DiffPreview& preview) {
  return {{"max_file_bytes", preview.limits.max_file_bytes},
          {"max_total_bytes", preview.limits.max_total_bytes},
          {"text_bytes", preview.text_bytes},
          {"truncated", preview.truncated},
          {"hidden_lines", preview.hidden_lines}};
}

std::string DiffText(const engine::DiffPreview& preview) {
  std::string out;
  out.reserve(preview.text_bytes + preview.files.size() * 128);
  for (const FileDiff& d : preview.files) AppendFile(d, out);
  if (preview.truncated) {
    size_t summarised = 0;
    for (const FileDiff& d : preview.files) summarised += d.truncated ? 1 : 0;
    out += "(diff truncated: " + std::to_string(summarised) +
           (summarised == 1 ? " file was" : " files were") +
           " summarised by the caps; raise diff.max_file_bytes or diff.max_total_bytes in the "
           "profile to see more)\n";
  }
  if (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

std::string DiffStat(const json& file) {
  const std::string path = StringMember(file, "path");
  const std::string shown = StringMember(file, "shown");
  if (shown == "hunks" || shown == "no_content") {
    if (StringMember(file, "kind") == "mode") return path + " (mode)";
    std::string s = path + " +" + std::to_string(file.value("added_lines", 0)) + " -" +
                    std::to_string(file.value("removed_lines", 0));
    if (const int hidden = file.value("hidden_lines", 0); hidden > 0) {
      s += " (" + std::to_string(hidden) + " hidden: secret)";
    }
    return s;
  }
  if (shown == "too_large" || shown == "over_total") return path + " (not shown: too large)";
  return path + " (" + shown + ")";
}

}  // namespace ua::tools
