// Colouring the unified diff in a command's human text, as git colours its diffs: file
// headers bold, hunk headers cyan, removed lines red, added lines green, summaries and
// hidden-line markers dim. Only the diff is coloured: lines before the first "diff --git "
// (the summary sentence, the validation errors) are left as they are.
//
// Colour is for a person at a terminal: ColourWanted is true only when stdout is a terminal,
// NO_COLOR is unset (https://no-color.org) and TERM is not "dumb". A pipe and --json stay plain.
// Pure functions (ColourWanted reads the process's stdout and environment); any thread.
#pragma once

#include <string>
#include <string_view>

namespace ua::app {

bool ColourWanted();

// `text` with ANSI colour around the lines of its diff.
std::string ColourDiff(std::string_view text);

}  // namespace ua::app
