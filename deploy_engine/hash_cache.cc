#include "deploy_engine/hash_cache.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <ctime>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "deploy_engine/sha256.h"
#include "deploy_engine/stat_time.h"

namespace ua::engine {
namespace {

constexpr int kFormatVersion = 1;
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

Status WriteAll(int fd, const std::string& data, const std::string& what) {
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoStatus("write " + what, errno);
    }
    done += static_cast<size_t>(n);
  }
  return Status::Ok();
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
  std::ifstream in(cache_file, std::ios::binary);
  if (!in) return cache;
  std::ostringstream text;
  text << in.rdbuf();
  nlohmann::json doc = nlohmann::json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object() || doc.value("format", 0) != kFormatVersion) return cache;
  auto it = doc.find("entries");
  if (it == doc.end() || !it->is_object()) return cache;
  for (const auto& [path, j] : it->items()) {
    if (!j.is_object()) continue;
    const auto u = [&](const char* k) { return j.contains(k) && j[k].is_number_unsigned(); };
    const auto i = [&](const char* k) { return j.contains(k) && j[k].is_number_integer(); };
    if (!u("size") || !i("mtime_ns") || !i("ctime_ns") || !u("inode") || !u("device") ||
        !i("hashed_at_ns") || !j.contains("sha256") || !j["sha256"].is_string()) {
      continue;
    }
    Entry e;
    e.size = j["size"].get<uint64_t>();
    e.mtime_ns = j["mtime_ns"].get<int64_t>();
    e.ctime_ns = j["ctime_ns"].get<int64_t>();
    e.inode = j["inode"].get<uint64_t>();
    e.device = j["device"].get<uint64_t>();
    e.hashed_at_ns = j["hashed_at_ns"].get<int64_t>();
    e.sha256 = j["sha256"].get<std::string>();
    if (e.sha256.size() != 64) continue;
    cache.entries_.emplace(path, std::move(e));
  }
  return cache;
}

Result<std::string> HashCache::Hash(const std::filesystem::path& root, const FileEntry& entry) {
  const std::filesystem::path file = (root / entry.path).lexically_normal();
  const std::string key = file.string();
  auto it = entries_.find(key);
  if (it != entries_.end()) {
    Entry& e = it->second;
    const int64_t settled_before = e.hashed_at_ns - kRacyWindowNs;
    if (e.size == entry.size && e.mtime_ns == entry.mtime_ns && e.ctime_ns == entry.ctime_ns &&
        e.inode == entry.inode && e.device == entry.device && e.mtime_ns < settled_before &&
        e.ctime_ns < settled_before) {
      e.used = true;
      ++hits_;
      return e.sha256;
    }
  }
  ++misses_;
  int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return ErrnoStatus("open " + key, errno);
  // A file rewritten while we read it gives kIoError; a few retries usually see it settled.
  struct stat st {};
  int64_t started = clock_();
  Result<std::string> hex = Sha256Fd(fd, file, &st);
  for (int attempt = 1;
       attempt < kHashAttempts && !hex.ok() && hex.status().code() == StatusCode::kIoError;
       ++attempt) {
    started = clock_();
    hex = Sha256Fd(fd, file, &st);
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
  e.sha256 = *hex;
  e.used = true;
  entries_[key] = std::move(e);
  return hex;
}

Status HashCache::Save() {
  if (!file_) return Status::Ok();
  nlohmann::json entries = nlohmann::json::object();
  for (const auto& [path, e] : entries_) {
    if (!e.used) continue;
    entries[path] = {{"size", e.size},         {"mtime_ns", e.mtime_ns},
                     {"ctime_ns", e.ctime_ns}, {"inode", e.inode},
                     {"device", e.device},     {"hashed_at_ns", e.hashed_at_ns},
                     {"sha256", e.sha256}};
  }
  const nlohmann::json doc = {{"format", kFormatVersion}, {"entries", std::move(entries)}};
  const std::string text = doc.dump();

  const std::filesystem::path dir = file_->parent_path();
  std::error_code ec;
  if (!dir.empty()) std::filesystem::create_directories(dir, ec);
  if (ec) return IoError("create directory " + dir.string() + ": " + ec.message());
  const std::filesystem::path tmp = file_->string() + ".tmp." + std::to_string(::getpid());
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return ErrnoStatus("create " + tmp.string(), errno);
  Status st = WriteAll(fd, text, tmp.string());
  if (st.ok() && ::fsync(fd) != 0) st = ErrnoStatus("fsync " + tmp.string(), errno);
  if (::close(fd) != 0 && st.ok()) st = ErrnoStatus("close " + tmp.string(), errno);
  if (st.ok() && ::rename(tmp.c_str(), file_->c_str()) != 0) {
    st = ErrnoStatus("rename " + tmp.string() + " to " + file_->string(), errno);
  }
  if (!st.ok()) {
    ::unlink(tmp.c_str());
    return st;
  }
  int dfd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return Status::Ok();
}

}  // namespace ua::engine
