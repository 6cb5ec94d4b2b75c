// How the tools present a diff preview (deploy_engine/preview/diff_preview.h) to each reader:
//  - DiffJson: structuredContent's `diff` array, one object per file (path, kind, shown, the
//    old and new sides with size, sha256, mode and lines, the hunks with their lines as
//    diff -u prints them, or the note of the summary that stands in for them, truncated);
//  - DiffText: the unified diff itself for the human text block, git-style headers
//    ("diff --git a/p b/p", mode lines, "--- a/p", "+++ b/p"), then the hunks; a summarised
//    file gets one "(not shown: ...)" line with its sizes, line counts and hashes;
//  - DiffStat: "app.py +3 -1", the one-line summary a confirmation question lists.
// Pure functions; safe from any thread.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "deploy_engine/preview/diff_preview.h"

namespace ua::tools {

nlohmann::json DiffJson(const engine::DiffPreview& preview);
// {max_file_bytes, max_total_bytes, text_bytes, truncated, hidden_lines}
nlohmann::json DiffTotalsJson(const engine::DiffPreview& preview);
std::string DiffText(const engine::DiffPreview& preview);
// From one entry of DiffJson: "path +A -R", or "path (binary)" etc. for a summary.
std::string DiffStat(const nlohmann::json& file);

}  // namespace ua::tools
