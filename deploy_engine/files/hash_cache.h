// HashCache: a persistent cache of file SHA-256 digests, so that an unchanged tree is not
// re-read on every status or deploy.
//
// Key: the absolute path of the file. An entry is valid only when size, mtime_ns, ctime_ns,
// inode and device all still match. ctime is part of the key on purpose: an in-place rewrite
// that restores the mtime (cp -p, rsync -t, tar x) keeps size, mtime and inode, but the kernel
// always moves ctime and user space cannot set it (docs/design.md "On-disk layout").
//
// Racy entries: a file changed within the filesystem's timestamp granularity of the moment we
// read it can change again without moving its timestamps. So an entry is trusted only when the
// file's mtime and ctime are older than (clock reading taken before hashing) - kRacyWindowNs;
// otherwise the file is hashed again (and the fresh entry is subject to the same rule).
//
// The cache file is one line per entry (a compact text format: a warm status of 10,000 files
// spent most of its time parsing and writing the same data as JSON), written atomically (temp
// file, rename) but not fsynced: after a power loss it may be older, missing or torn, and a
// missing or corrupt file, or a corrupt line, loads as empty: it is only a cache. Save() keeps only
// entries used (hit or stored) since Load, so deleted and renamed files age out, and writes nothing
// when nothing changed.
//
// Not thread-safe: one thread at a time per instance (HashAll uses threads inside, and
// returns only when they are done). Movable.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "base/status.h"
#include "deploy_engine/files/tree_walk.h"

namespace ua::engine {

// One cached digest and the file facts it was computed under.
struct HashCacheEntry {
  uint64_t size = 0;
  int64_t mtime_ns = 0, ctime_ns = 0;
  uint64_t inode = 0, device = 0;
  int64_t hashed_at_ns = 0;
  std::string sha256;
  bool used = false;  // hit or stored since Load
};

class HashCache {
 public:
  // Wall-clock time in ns since the epoch, as the filesystem stamps files (coarse clock).
  using Clock = std::function<int64_t()>;
  static constexpr int64_t kRacyWindowNs = 2'000'000'000;  // FAT/HFS+ grain is up to 2 s

  static HashCache Load(const std::filesystem::path& cache_file);
  static HashCache Load(const std::filesystem::path& cache_file, Clock clock);
  // A cache with no file behind it: Save() does nothing.
  static HashCache InMemory(Clock clock = {});

  // The SHA-256 of root/entry.path: from the cache when entry's facts match a trusted entry,
  // else read and hashed (then stored under the facts fstat gave while reading).
  Result<std::string> Hash(const std::filesystem::path& root, const FileEntry& entry);

  // Hash() of every entry, in order. The misses are read and hashed on a small pool of
  // threads (base/parallel_for.h); the cache itself is only touched by the calling thread.
  // A stop request ends it with kCancelled.
  Result<std::vector<std::string>> HashAll(const std::filesystem::path& root,
                                           const std::vector<FileEntry>& entries,
                                           const std::stop_token& stop = {});

  Status Save();

  size_t hits() const { return hits_; }
  size_t misses() const { return misses_; }
  size_t size() const { return entries_.size(); }

 private:
  using Entry = HashCacheEntry;
  HashCache(std::optional<std::filesystem::path> file, Clock clock);
  // The entry for `key` when `entry`'s facts match it and it is not racy, else null.
  HashCacheEntry* Trusted(const std::string& key, const FileEntry& entry);
  // Reads and hashes the file `key`; safe on several threads at once (reads clock_ only).
  Result<HashCacheEntry> Read(const std::string& key) const;
  void Store(std::string key, HashCacheEntry entry);

  std::optional<std::filesystem::path> file_;
  Clock clock_;
  std::map<std::string, Entry> entries_;
  size_t hits_ = 0, misses_ = 0;
  bool stored_since_load_ = false;
};

}  // namespace ua::engine
