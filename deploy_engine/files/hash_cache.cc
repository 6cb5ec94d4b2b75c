#include "deploy_engine/files/hash_cache.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <ctime>
#include <string_view>

#include "base/parallel_for.h"
#include "platform/atomic_file.h"
#include "platform/fs_ops.h"
#include "platform/sha256.h"
#include "platform/stat_time.h"

namespace ua::engine {
namespace {

constexpr std::string_view kHeader = "ua-deploy hash cache 2";
constexpr int kHashAttempts = 3;

int64_t CoarseNow() {
  timespec ts{};
#ifdef CLOCK_REALTIME_COARSE
  ::clock_gettime(CLOCK_REALTIME_COARSE, &ts);
#else
  ::clock_gettime(CLOCK_REALTIME, &ts);
#endif
  return ToNs(ts);
}

bool ConsumeLine(std::string_view& text, std::string_view expected) {
  if (text.size() <= expected.size() || text.substr(0, expected.size()) != expected ||
      text[expected.size()] != '\n') {
    return false;
  }
  text.remove_prefix(expected.size() + 1);
  return true;
}

template <typename T>
bool NextNumber(std::string_view& line, T* out) {
  const char* end = line.data() + line.size();
  auto [ptr, ec] = std::from_chars(line.data(), end, *out);
  if (ec != std::errc() || ptr == end || *ptr != ' ') return false;
  line.remove_prefix(static_cast<size_t>(ptr - line.data()) + 1);
  return true;
}

// "<sha256> <size> <mtime_ns> <ctime_ns> <inode> <device> <hashed_at_ns> <path>": the path
// comes last so it may hold spaces; paths holding a newline are never stored.
bool ParseEntryLine(std::string_view line, HashCacheEntry* e, std::string* path) {
  if (line.size() < 66 || line[64] != ' ') return false;
  e->sha256.assign(line.substr(0, 64));
  if (e->sha256.find_first_not_of("0123456789abcdef") != std::string::npos) return false;
  line.remove_prefix(65);
  if (!NextNumber(line, &e->size) || !NextNumber(line, &e->mtime_ns) ||
      !NextNumber(line, &e->ctime_ns) || !NextNumber(line, &e->inode) ||
      !NextNumber(line, &e->device) || !NextNumber(line, &e->hashed_at_ns) || line.empty()) {
    return false;
  }
  path->assign(line);
  return true;
}

void AppendEntryLine(const std::string& path, const HashCacheEntry& e, std::string* out) {
  *out += e.sha256;
  for (int64_t n :
       {static_cast<int64_t>(e.size), e.mtime_ns, e.ctime_ns, static_cast<int64_t>(e.inode),
        static_cast<int64_t>(e.device), e.hashed_at_ns}) {
    *out += ' ';
    *out += std::to_string(n);
  }
  *out += ' ';
  *out += path;
  *out += '\n';
}

}  // namespace

HashCache::HashCache(std::optional<std::filesystem::path> file, Clock clock)
    : file_(std::move(file)), clock_(clock ? std::move(clock) : Clock(CoarseNow)) {}

HashCache HashCache::InMemory(Clock clock) { return HashCache(std::nullopt, std::move(clock)); }

HashCache HashCache::Load(const std::filesystem::path& cache_file) {
  return Load(cache_file, Clock(CoarseNow));
}

HashCache HashCache::Load(const std::filesystem::path& cache_file, Clock clock) {
  HashCache cache(cache_file, std::move(clock));
  Result<std::string> text = fs::ReadFile(cache_file);
  if (!text.ok()) return cache;
  std::string_view rest = *text;
  if (!ConsumeLine(rest, kHeader)) return cache;
  while (!rest.empty()) {
    const size_t eol = rest.find('\n');
    if (eol == std::string_view::npos) break;  // a torn last line: ignore it
    std::string_view line = rest.substr(0, eol);
    rest.remove_prefix(eol + 1);
    Entry e;
    std::string path;
    if (ParseEntryLine(line, &e, &path)) cache.entries_.emplace(std::move(path), std::move(e));
  }
  return cache;
}

namespace {

// The canonical key: roots come normalised from the config (ExpandPath) and entry paths are
// clean relative paths from the walk, so plain concatenation gives it cheaply.
std::string KeyOf(const std::filesystem::path& root, const std::string& rel) {
  std::string key = root.native();
  if (key.empty() || key.back() != '/') key += '/';
  key += rel;
  return key;
}

}  // namespace

HashCacheEntry* HashCache::Trusted(const std::string& key, const FileEntry& entry) {
  auto it = entries_.find(key);
  if (it == entries_.end()) return nullptr;
  Entry& e = it->second;
  const int64_t settled_before = e.hashed_at_ns - kRacyWindowNs;
  if (e.size == entry.size && e.mtime_ns == entry.mtime_ns && e.ctime_ns == entry.ctime_ns &&
      e.inode == entry.inode && e.device == entry.device && e.mtime_ns < settled_before &&
      e.ctime_ns < settled_before) {
    return &e;
  }
  return nullptr;
}

Result<HashCacheEntry> HashCache::Read(const std::string& key) const {
  int fd = ::open(key.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return ErrnoStatus("open " + key, errno);
  // A file rewritten while we read it gives kIoError; a few retries usually see it settled.
  struct stat st {};
  int64_t started = clock_();
  Result<std::string> hex = Sha256Fd(fd, key, &st);
  for (int attempt = 1;
       attempt < kHashAttempts && !hex.ok() && hex.status().code() == StatusCode::kIoError;
       ++attempt) {
    started = clock_();
    hex = Sha256Fd(fd, key, &st);
  }
  ::close(fd);
  if (!hex.ok()) return hex.status();
  Entry e;
  e.size = static_cast<uint64_t>(st.st_size);
  e.mtime_ns = StatMtimeNs(st);
  e.ctime_ns = StatCtimeNs(st);
  e.inode = static_cast<uint64_t>(st.st_ino);
  e.device = static_cast<uint64_t>(st.st_dev);
  e.hashed_at_ns = started;
  e.sha256 = std::move(hex).value();
  e.used = true;
  return e;
}

void HashCache::Store(std::string key, HashCacheEntry entry) {
  entries_[std::move(key)] = std::move(entry);
  stored_since_load_ = true;
}

Result<std::string> HashCache::Hash(const std::filesystem::path& root, const FileEntry& entry) {
  std::string key = KeyOf(root, entry.path);
  if (Entry* hit = Trusted(key, entry)) {
    hit->used = true;
    ++hits_;
    return hit->sha256;
  }
  ++misses_;
  UA_ASSIGN_OR_RETURN(Entry e, Read(key));
  std::string sha = e.sha256;
  Store(std::move(key), std::move(e));
  return sha;
}

Result<std::vector<std::string>> HashCache::HashAll(const std::filesystem::path& root,
                                                    const std::vector<FileEntry>& entries,
                                                    const std::stop_token& stop) {
  std::vector<std::string> out(entries.size());
  std::vector<size_t> misses;
  std::vector<std::string> keys(entries.size());
  for (size_t i = 0; i < entries.size(); ++i) {
    keys[i] = KeyOf(root, entries[i].path);
    if (Entry* hit = Trusted(keys[i], entries[i])) {
      hit->used = true;
      ++hits_;
      out[i] = hit->sha256;
    } else {
      misses.push_back(i);
    }
  }
  // Reading and hashing the misses is the slow part; it touches no member, so it runs on the
  // pool, and the results are stored here, on the calling thread.
  std::vector<std::optional<Result<Entry>>> read(misses.size());
  ParallelFor(misses.size(), stop, [&](size_t m) { read[m] = Read(keys[misses[m]]); });
  for (size_t m = 0; m < misses.size(); ++m) {
    if (!read[m]) return Status(StatusCode::kCancelled, "hashing cancelled");
    if (!read[m]->ok()) return read[m]->status();
    Entry e = std::move(*read[m]).value();
    out[misses[m]] = e.sha256;
    Store(std::move(keys[misses[m]]), std::move(e));
    ++misses_;
  }
  return out;
}

Status HashCache::Save() {
  if (!file_) return Status::Ok();
  size_t used = 0;
  for (const auto& [path, e] : entries_) used += e.used;
  // Nothing hashed afresh and nothing to drop: the file on disk already says it all.
  if (!stored_since_load_ && used == entries_.size()) return Status::Ok();
  std::string text(kHeader);
  text += '\n';
  text.reserve(used * 160);
  for (const auto& [path, e] : entries_) {
    if (!e.used || path.find('\n') != std::string::npos) continue;
    AppendEntryLine(path, e, &text);
  }
  const std::filesystem::path dir = file_->parent_path();
  if (!dir.empty()) UA_RETURN_IF_ERROR(fs::MakeDirs(dir, 0700));
  // Only a cache: after a power loss it may be older or missing, which costs a re-hash, never a
  // wrong digest (entries are keyed by the file facts). So atomic, without the fsyncs.
  UA_RETURN_IF_ERROR(WriteFileAtomically(*file_, text, 0600, Durability::kAtomicOnly));
  stored_since_load_ = false;
  return Status::Ok();
}

}  // namespace ua::engine
