// fs_ops: the one seam for file operations that have Linux-only fast paths. Every other
// engine file goes through these functions instead of calling copy_file_range, renameat2,
// FICLONE or syncfs itself.
//
// With UA_DEPLOY_PORTABLE_FS (CMake option of the same name), or on a non-Linux system, only
// POSIX calls are used; FsImplementation() says which path was compiled in. Linux fast paths
// fall back to the portable code at run time when the filesystem refuses them (EXDEV,
// EOPNOTSUPP, EINVAL, ENOSYS).
//
// Every failure is a Status whose message names the operation, the path(s) and the errno
// text. Functions are safe to call from any thread (the only state is CopyFile's mutex-guarded
// memo of filesystems without reflinks); they are not atomic with
// respect to each other (callers that need exclusion hold the deploy lock).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <string>

#include "base/status.h"

namespace ua::fs {

// "linux" or "portable".
const char* FsImplementation();

struct CopyOptions {
  bool follow_symlinks = false;  // false: a symlink as source is refused (ELOOP)
  bool fsync = true;             // fsync the destination file before closing it
  // Try FICLONE first (Linux build only). A filesystem that refuses it once is not asked again
  // in this process (remembered per device); a clone shares blocks until either file changes.
  bool try_reflink = true;
  // When set, receives the SHA-256 of the bytes written to `to`: read and hashed once, as
  // they are copied (or, after a reflink, read once from the source, whose blocks `to`
  // shares). Saves reading the copy back to verify it.
  std::string* sha256_out = nullptr;
};

// Creates `to` (which must not exist: kAlreadyExists) with permission bits `mode` (exactly,
// umask ignored) and copies the bytes of `from` into it: as many as fstat said `from` held
// when it was opened. On failure the partial `to` is removed.
Status CopyFile(const std::filesystem::path& from, const std::filesystem::path& to, mode_t mode,
                const CopyOptions& options = {});

// Copies everything readable from in_fd (from its current offset) to out_fd. Fast path:
// copy_file_range; fallback: a read/write loop.
// size_hint >= 0: stop after that many bytes (no last call to learn the file ended).
Status CopyFileContents(int in_fd, int out_fd, const std::filesystem::path& from_for_errors,
                        const std::filesystem::path& to_for_errors, off_t size_hint = -1);

Status FsyncFile(const std::filesystem::path& path);
Status FsyncDir(const std::filesystem::path& dir);
// Flushes the filesystem holding `path` (syncfs on Linux, sync() in the portable build).
Status SyncFilesystem(const std::filesystem::path& path);
// Whether SyncFilesystem makes every file written before it durable. syncfs does; POSIX
// sync() need not wait for the writes (macOS returns at once). Writers of many files copy
// with CopyOptions.fsync = !kSyncFilesystemIsDurable and call SyncFilesystem once: one flush
// on Linux, a durable fsync per file elsewhere.
bool SyncFilesystemIsDurable();

// rename(2): atomically replaces `to` if it exists.
Status Rename(const std::filesystem::path& from, const std::filesystem::path& to);
// Renames only if `to` does not exist, else kAlreadyExists. Linux: renameat2(NOREPLACE),
// atomic. Portable: link()+unlink() for files (atomic refusal); for directories a
// check-then-rename, which is only safe when no one else creates `to` concurrently (the deploy
// lock guarantees that for everything under backup_dir and the target).
Status RenameNoReplace(const std::filesystem::path& from, const std::filesystem::path& to);

Status HardLink(const std::filesystem::path& existing, const std::filesystem::path& new_path);

// Bytes available to an unprivileged user on the filesystem holding `path`.
Result<uint64_t> FreeBytes(const std::filesystem::path& path);

// mkdir -p: creates every missing directory of `dir` with permission bits `mode` (exactly,
// umask ignored). Existing directories keep their mode. A non-directory in the way is an error.
// Costs one mkdir (+ a stat) when `dir` exists; parents are tried only when mkdir says ENOENT.
Status MakeDirs(const std::filesystem::path& dir, mode_t mode = 0755);

// Removes `path` and everything below it; a missing path is fine.
Status RemoveAll(const std::filesystem::path& path);

// The whole file, read with O_NOFOLLOW unless follow_symlinks.
// A file larger than max_bytes is kResourceExhausted ("... is larger than N bytes").
Result<std::string> ReadFile(const std::filesystem::path& path, bool follow_symlinks = true,
                             size_t max_bytes = SIZE_MAX);

}  // namespace ua::fs
