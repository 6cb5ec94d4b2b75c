// DeployLock: exclusive right to change one profile's production, backups and journal.
//
// The lock is flock(LOCK_EX) on <backup_dir>/deploy.lock, a file that is never unlinked, so
// the kernel frees it when the holder dies for any reason: a stale lock cannot exist. flock
// excludes other processes; a process-wide registry keyed by the lock file's device and inode
// also excludes other threads of this process. After acquiring, the holder rewrites the file
// with a JSON description of itself (pid, started, deployment_id, operation, host) so others
// can say who holds it; on release the description is cleared before unlocking.
//
// A DeployLock is a move-only RAII owner: the lock is held from a successful Acquire until
// the object (or the one it was moved into) is destroyed or Release() is called. Any thread
// may call Acquire/ProbeLock; one DeployLock object belongs to one thread at a time.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "base/status.h"

namespace ua::engine {

struct LockHolder {
  int pid = 0;
  std::string started;  // ISO UTC
  std::string deployment_id;
  std::string operation;  // "deploy" | "rollback" | "recover"
  std::string host;

  nlohmann::json ToJson() const;
  // Lenient: missing fields stay empty; nullopt when the text is not a JSON object.
  static std::optional<LockHolder> FromJson(const nlohmann::json& j);
};

// This machine's host name ("unknown" if it cannot be read).
std::string LocalHostName();

// A description of this process as the holder: its pid and LocalHostName() plus the given
// facts (`started` is ISO UTC).
LockHolder MakeLockHolder(std::string started, std::string deployment_id, std::string operation);

class DeployLock {
 public:
  // Takes the lock, creating the lock file and its directory (mode 0700) if missing. When
  // another process or thread holds it: waits up to timeout_s seconds (0 = do not wait), then
  // fails with kBusy: "deployment <id> by pid <n> has held the lock since <t>".
  static Result<DeployLock> Acquire(const std::filesystem::path& lock_path,
                                    const LockHolder& holder, double timeout_s);

  DeployLock(DeployLock&& other) noexcept;
  DeployLock& operator=(DeployLock&& other) noexcept;
  DeployLock(const DeployLock&) = delete;
  DeployLock& operator=(const DeployLock&) = delete;
  ~DeployLock();

  void Release();
  bool held() const { return fd_ >= 0; }
  const std::filesystem::path& path() const { return path_; }

 private:
  DeployLock() = default;
  std::filesystem::path path_;
  int fd_ = -1;
  std::pair<dev_t, ino_t> key_{};
};

struct LockProbe {
  bool held = false;
  std::optional<nlohmann::json> holder;  // the holder's description, when held and readable
};

// Whether someone holds the lock right now, for status displays. Never creates the lock
// file or its directory; a missing file means not held. The answer may be stale at once.
Result<LockProbe> ProbeLock(const std::filesystem::path& lock_path);

}  // namespace ua::engine
