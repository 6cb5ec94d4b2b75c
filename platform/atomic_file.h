// WriteFileAtomically: replaces a file so that, after a crash at any instant, `path` holds
// either its old content or the complete new content, never a mix, and the new content is
// durable once the call returns OK.
//
// Mechanism: a temp file in the same directory (".<name>.tmp-<pid>-<n>", created with
// O_EXCL), write, fsync, rename over `path`, fsync the directory. On failure the temp file is
// removed and `path` is unchanged. Thread-safe; concurrent writers of one path need outside
// exclusion (the deploy lock) to decide who wins, but never corrupt the file.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string_view>

#include "base/status.h"

namespace ua {

// kDurable: as above. kAtomicOnly: the same temp-and-rename, without the two fsyncs, for
// files that are rewritten often and may be lost in a crash but must never be read half
// written (an operation's live progress).
enum class Durability { kDurable, kAtomicOnly };

Status WriteFileAtomically(const std::filesystem::path& path, std::string_view bytes,
                           mode_t mode = 0644, Durability durability = Durability::kDurable);

// Removes `path` (missing is fine) and fsyncs its directory so the removal is durable.
Status RemoveFileDurably(const std::filesystem::path& path);

}  // namespace ua
