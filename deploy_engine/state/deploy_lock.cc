#include "deploy_engine/state/deploy_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <mutex>
#include <set>
#include <thread>

#include "platform/fs_ops.h"

namespace ua::engine {
namespace {

using Key = std::pair<dev_t, ino_t>;
using std::chrono::steady_clock;

// A holder that has just taken the lock has not written its description yet, and a status
// probe holds a shared lock for an instant: a busy lock without a description is retried for
// this long even when the caller does not want to wait.
constexpr std::chrono::milliseconds kAnonymousGrace{250};
constexpr std::chrono::milliseconds kPollInterval{20};

std::mutex g_registry_mu;
std::set<Key>& Registry() {
  static std::set<Key> keys;
  return keys;
}

bool Claim(Key k) {
  std::lock_guard<std::mutex> lock(g_registry_mu);
  return Registry().insert(k).second;
}

void Unclaim(Key k) {
  std::lock_guard<std::mutex> lock(g_registry_mu);
  Registry().erase(k);
}

std::string ReadAll(int fd) {
  std::string out;
  char buf[4096];
  off_t off = 0;
  for (;;) {
    ssize_t n = ::pread(fd, buf, sizeof buf, off);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
    off += n;
    if (out.size() > (1 << 16)) break;  // a description is small; do not read junk forever
  }
  return out;
}

std::optional<nlohmann::json> ParseHolder(const std::string& text) {
  auto j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  return j;
}

Status BusyStatus(const std::filesystem::path& path, const std::optional<nlohmann::json>& j) {
  std::optional<LockHolder> h;
  if (j) h = LockHolder::FromJson(*j);
  std::string msg;
  if (h && h->pid > 0) {
    msg = "deployment " + (h->deployment_id.empty() ? "(unknown)" : h->deployment_id) + " by pid " +
          std::to_string(h->pid) + " has held the lock since " +
          (h->started.empty() ? "(unknown)" : h->started);
  } else {
    msg = "another deployment holds the lock (it has not described itself yet)";
  }
  Status s(StatusCode::kBusy, msg);
  s.AddContext("lock file " + path.string());
  return s;
}

}  // namespace

nlohmann::json LockHolder::ToJson() const {
  return {{"pid", pid},
          {"started", started},
          {"deployment_id", deployment_id},
          {"operation", operation},
          {"host", host}};
}

std::optional<LockHolder> LockHolder::FromJson(const nlohmann::json& j) {
  if (!j.is_object()) return std::nullopt;
  LockHolder h;
  if (auto it = j.find("pid"); it != j.end() && it->is_number_integer()) h.pid = it->get<int>();
  auto str = [&](const char* key, std::string* out) {
    if (auto it = j.find(key); it != j.end() && it->is_string()) *out = it->get<std::string>();
  };
  str("started", &h.started);
  str("deployment_id", &h.deployment_id);
  str("operation", &h.operation);
  str("host", &h.host);
  return h;
}

std::string LocalHostName() {
  char buf[256] = {};
  if (::gethostname(buf, sizeof buf - 1) != 0 || buf[0] == '\0') return "unknown";
  return buf;
}

LockHolder MakeLockHolder(std::string started, std::string deployment_id, std::string operation) {
  LockHolder holder;
  holder.pid = static_cast<int>(::getpid());
  holder.started = std::move(started);
  holder.deployment_id = std::move(deployment_id);
  holder.operation = std::move(operation);
  holder.host = LocalHostName();
  return holder;
}

Result<DeployLock> DeployLock::Acquire(const std::filesystem::path& lock_path,
                                       const LockHolder& holder, double timeout_s) {
  if (lock_path.has_parent_path()) UA_RETURN_IF_ERROR(fs::MakeDirs(lock_path.parent_path(), 0700));
  int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
  if (fd < 0) return ErrnoStatus("open lock file '" + lock_path.string() + "'", errno);
  DeployLock lock;
  lock.path_ = lock_path;
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    int err = errno;
    ::close(fd);
    return ErrnoStatus("stat lock file '" + lock_path.string() + "'", err);
  }
  Key key{st.st_dev, st.st_ino};
  auto start = steady_clock::now();
  auto deadline = start + std::chrono::duration_cast<steady_clock::duration>(
                              std::chrono::duration<double>(timeout_s > 0 ? timeout_s : 0));
  for (;;) {
    if (Claim(key)) {
      if (::flock(fd, LOCK_EX | LOCK_NB) == 0) break;
      int err = errno;
      Unclaim(key);
      if (err != EWOULDBLOCK && err != EINTR) {
        ::close(fd);
        return ErrnoStatus("flock '" + lock_path.string() + "'", err);
      }
    }
    auto now = steady_clock::now();
    if (now >= deadline) {
      auto current = ParseHolder(ReadAll(fd));
      if (current || now >= start + kAnonymousGrace) {
        ::close(fd);
        return BusyStatus(lock_path, current);
      }
    }
    std::this_thread::sleep_for(kPollInterval);
  }
  lock.fd_ = fd;
  lock.key_ = key;
  std::string text = holder.ToJson().dump() + "\n";
  if (::ftruncate(fd, 0) != 0 ||
      ::pwrite(fd, text.data(), text.size(), 0) != static_cast<ssize_t>(text.size())) {
    return ErrnoStatus("write lock file '" + lock_path.string() + "'", errno);
  }
  return lock;
}

DeployLock::DeployLock(DeployLock&& other) noexcept { *this = std::move(other); }

DeployLock& DeployLock::operator=(DeployLock&& other) noexcept {
  if (this != &other) {
    Release();
    path_ = std::move(other.path_);
    fd_ = std::exchange(other.fd_, -1);
    key_ = other.key_;
  }
  return *this;
}

DeployLock::~DeployLock() { Release(); }

void DeployLock::Release() {
  if (fd_ < 0) return;
  // Best effort: a description left behind is harmless, since holding is decided by flock.
  (void)!::ftruncate(fd_, 0);
  ::flock(fd_, LOCK_UN);
  ::close(fd_);
  fd_ = -1;
  Unclaim(key_);
}

Result<LockProbe> ProbeLock(const std::filesystem::path& lock_path) {
  LockProbe probe;
  int fd = ::open(lock_path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) {
    if (errno == ENOENT || errno == ENOTDIR) return probe;
    return ErrnoStatus("open lock file '" + lock_path.string() + "'", errno);
  }
  if (::flock(fd, LOCK_SH | LOCK_NB) == 0) {
    ::flock(fd, LOCK_UN);
  } else if (errno == EWOULDBLOCK) {
    probe.held = true;
    probe.holder = ParseHolder(ReadAll(fd));
  } else {
    int err = errno;
    ::close(fd);
    return ErrnoStatus("flock '" + lock_path.string() + "'", err);
  }
  ::close(fd);
  return probe;
}

}  // namespace ua::engine
