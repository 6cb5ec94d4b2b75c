#include "deploy_engine/state/deploy_lock.h"

#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include <catch2/catch.hpp>

#include "tests/support/temp_dir.h"

namespace ua::engine {
namespace {

using namespace std::chrono;
using ua::testing::TempDir;

LockHolder Holder(const std::string& id) {
  LockHolder h;
  h.pid = ::getpid();
  h.started = "2026-11-21T22:45:09.123Z";
  h.deployment_id = id;
  h.operation = "deploy";
  h.host = LocalHostName();
  return h;
}

ino_t InodeOf(const std::filesystem::path& p) {
  struct stat st;
  REQUIRE(::stat(p.c_str(), &st) == 0);
  return st.st_ino;
}

// A forked child that takes the lock, reports through a pipe, then waits to be killed.
class HolderProcess {
 public:
  explicit HolderProcess(const std::filesystem::path& lock_path) {
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    pid_ = ::fork();
    REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
      ::close(fds[0]);
      LockHolder h = Holder("dep-child");
      h.pid = ::getpid();
      auto lock = DeployLock::Acquire(lock_path, h, 0);
      char c = lock.ok() ? 'y' : 'n';
      (void)!::write(fds[1], &c, 1);
      for (;;) ::pause();
    }
    ::close(fds[1]);
    char c = 0;
    REQUIRE(::read(fds[0], &c, 1) == 1);
    ::close(fds[0]);
    REQUIRE(c == 'y');
  }
  ~HolderProcess() { Kill(); }
  void Kill() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    int st;
    ::waitpid(pid_, &st, 0);
    pid_ = -1;
  }
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
};

TEST_CASE("The lock excludes another process and names the holder", "[engine][lock]") {
  TempDir dir;
  auto path = dir / "backups/deploy.lock";
  HolderProcess child(path);

  auto second = DeployLock::Acquire(path, Holder("dep-parent"), 0);
  REQUIRE_FALSE(second.ok());
  CHECK(second.status().code() == StatusCode::kBusy);
  CHECK(second.status().message() == "deployment dep-child by pid " + std::to_string(child.pid()) +
                                         " has held the lock since 2026-11-21T22:45:09.123Z");

  auto probe = ProbeLock(path);
  REQUIRE(probe.ok());
  CHECK(probe->held);
  REQUIRE(probe->holder);
  CHECK((*probe->holder)["deployment_id"] == "dep-child");
  CHECK((*probe->holder)["operation"] == "deploy");
  CHECK((*probe->holder)["pid"] == child.pid());

  ino_t ino = InodeOf(path);
  child.Kill();  // SIGKILL: no cleanup code runs in the holder
  auto after = DeployLock::Acquire(path, Holder("dep-parent"), 0);
  REQUIRE(after.ok());
  CHECK(after->held());
  CHECK(InodeOf(path) == ino);
}

TEST_CASE("A bounded wait for a busy lock waits and then fails", "[engine][lock]") {
  TempDir dir;
  auto path = dir / "deploy.lock";
  HolderProcess child(path);
  auto start = steady_clock::now();
  auto r = DeployLock::Acquire(path, Holder("dep-waiter"), 0.3);
  auto waited = steady_clock::now() - start;
  CHECK(r.status().code() == StatusCode::kBusy);
  CHECK(waited >= milliseconds(300));
  CHECK(waited < seconds(5));
}

TEST_CASE("The lock excludes another thread of this process", "[engine][lock]") {
  TempDir dir;
  auto path = dir / "deploy.lock";
  auto first = DeployLock::Acquire(path, Holder("dep-1"), 0);
  REQUIRE(first.ok());

  Status other_thread;
  std::thread t([&] { other_thread = DeployLock::Acquire(path, Holder("dep-2"), 0).status(); });
  t.join();
  CHECK(other_thread.code() == StatusCode::kBusy);
  CHECK(other_thread.message().find("deployment dep-1 by pid") != std::string::npos);

  first->Release();
  CHECK_FALSE(first->held());
  bool ok = false;
  std::thread t2([&] { ok = DeployLock::Acquire(path, Holder("dep-2"), 0).ok(); });
  t2.join();
  CHECK(ok);
}

TEST_CASE("Releasing keeps the lock file and a moved lock stays held", "[engine][lock]") {
  TempDir dir;
  auto path = dir / "deploy.lock";
  ino_t ino;
  {
    auto a = DeployLock::Acquire(path, Holder("dep-a"), 0);
    REQUIRE(a.ok());
    ino = InodeOf(path);
    DeployLock moved = std::move(*a);
    CHECK(moved.held());
    CHECK_FALSE(a->held());
    auto probe = ProbeLock(path);
    REQUIRE(probe.ok());
    CHECK(probe->held);
    CHECK(DeployLock::Acquire(path, Holder("dep-b"), 0).status().code() == StatusCode::kBusy);
  }
  REQUIRE(std::filesystem::exists(path));
  CHECK(InodeOf(path) == ino);
  auto probe = ProbeLock(path);
  REQUIRE(probe.ok());
  CHECK_FALSE(probe->held);
  CHECK_FALSE(probe->holder);
  auto again = DeployLock::Acquire(path, Holder("dep-c"), 0);
  REQUIRE(again.ok());
  CHECK(InodeOf(path) == ino);
}

TEST_CASE("ProbeLock never creates the backup directory", "[engine][lock]") {
  TempDir dir;
  auto probe = ProbeLock(dir / "not-yet/deploy.lock");
  REQUIRE(probe.ok());
  CHECK_FALSE(probe->held);
  CHECK_FALSE(std::filesystem::exists(dir / "not-yet"));
}

TEST_CASE("LockHolder round-trips through JSON", "[engine][lock]") {
  LockHolder h = Holder("dep-x");
  auto back = LockHolder::FromJson(h.ToJson());
  REQUIRE(back);
  CHECK(back->deployment_id == "dep-x");
  CHECK(back->pid == h.pid);
  CHECK(back->host == h.host);
  CHECK_FALSE(LockHolder::FromJson(nlohmann::json::array()));
}

}  // namespace
}  // namespace ua::engine
