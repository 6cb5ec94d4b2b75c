// ExpandPath: turns a path as written in a config file into an absolute, lexically normal
// path.
//
//   "~" and "~/x"       the home directory of `env` ("~user" is refused: not supported)
//   $VAR and ${VAR}     the variable's value; an unset variable is an error naming it, a set
//                       but empty one expands to nothing. A '$' not followed by a name is kept.
//   relative results    resolved against `relative_base` (the config file's directory)
//
// Lexical only: symlinks are not resolved and the path need not exist. Pure function of its
// arguments; safe from any thread.
#pragma once

#include <filesystem>
#include <string_view>

#include "base/status.h"
#include "platform/environment.h"

namespace ua {

Result<std::filesystem::path> ExpandPath(std::string_view raw, const Environment& env,
                                         const std::filesystem::path& relative_base);

}  // namespace ua
