#include "platform/process_table.h"

#include <unistd.h>

#include <algorithm>

#include <catch2/catch.hpp>

#include "tests/support/fake_proc.h"
#include "tests/support/temp_dir.h"

namespace ua {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono;
using ua::testing::FakeProc;
using ua::testing::FakeProcess;
using ua::testing::TempDir;
using ua::testing::UserProcess;

const ProcessInfo* Find(const std::vector<ProcessInfo>& table, pid_t pid) {
  auto it =
      std::find_if(table.begin(), table.end(), [&](const ProcessInfo& p) { return p.pid == pid; });
  return it == table.end() ? nullptr : &*it;
}

#ifdef __linux__
TEST_CASE("ListProcesses sees this process: cwd, executable, arguments and start time",
          "[engine][process_table]") {
  auto table = ListProcesses();
  REQUIRE(table.ok());
  CHECK(std::is_sorted(table->begin(), table->end(),
                       [](const ProcessInfo& a, const ProcessInfo& b) { return a.pid < b.pid; }));
  const ProcessInfo* self = Find(*table, ::getpid());
  REQUIRE(self != nullptr);
  CHECK(self->cwd == fs::current_path());
  CHECK(self->exe == fs::read_symlink("/proc/self/exe"));
  REQUIRE_FALSE(self->argv.empty());
  CHECK(fs::path(self->argv[0]).filename() == fs::path(self->exe).filename());
  CHECK_FALSE(self->kernel_thread);
  REQUIRE(self->started);
  // btime has whole seconds and starttime clock ticks: allow a second of rounding.
  CHECK(*self->started <= system_clock::now() + seconds(1));
  CHECK(*self->started > system_clock::now() - hours(1));
}
#endif

TEST_CASE("ListProcesses parses stat after the last parenthesis and strips (deleted)",
          "[engine][process_table]") {
  TempDir tmp;
  FakeProc proc(tmp / "proc", 1'700'000'000);
  const long ticks = ::sysconf(_SC_CLK_TCK);
  REQUIRE(ticks > 0);
  const fs::path work = tmp.path();
  FakeProcess odd = UserProcess(31, {"python3", "-c", "print(1)", ""}, work.string(),
                                (work / "server (deleted)").string());
  odd.comm = "odd) (name";
  odd.state = 'R';
  odd.start_ticks = static_cast<uint64_t>(250 * ticks);
  proc.Add(odd);
  FakeProcess kthreadd = UserProcess(2, {}, "");
  kthreadd.comm = "kthreadd";
  kthreadd.flags = 0x00200044;
  proc.Add(kthreadd);
  FakeProcess zombie = UserProcess(7, {}, "");
  zombie.state = 'Z';
  proc.Add(zombie);
  fs::create_directories(tmp / "proc" / "8");  // exited between readdir and open: no stat
  fs::create_directories(tmp / "proc" / "self");

  auto table = ListProcesses(proc.root());
  REQUIRE(table.ok());
  REQUIRE(table->size() == 3);
  CHECK((*table)[0].pid == 2);
  CHECK((*table)[1].pid == 7);

  const ProcessInfo& p = (*table)[2];
  CHECK(p.pid == 31);
  CHECK(p.state == 'R');
  CHECK_FALSE(p.kernel_thread);
  CHECK(p.argv == std::vector<std::string>{"python3", "-c", "print(1)", ""});
  CHECK(p.cwd == work);
  CHECK(p.exe == work / "server");
  REQUIRE(p.started);
  CHECK(*p.started == TimePoint(seconds(1'700'000'250)));

  const ProcessInfo& kthread = (*table)[0];
  CHECK(kthread.kernel_thread);
  CHECK(kthread.argv.empty());
  CHECK(kthread.cwd.empty());
  CHECK(kthread.exe.empty());
  CHECK((*table)[1].state == 'Z');
}

TEST_CASE("ListProcesses refuses a missing or empty proc root instead of listing nothing",
          "[engine][process_table]") {
  TempDir tmp;
  auto missing = ListProcesses(tmp / "no-proc");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.status().code() == StatusCode::kNotFound);
  CHECK(missing.status().message() == "cannot list processes: " + (tmp / "no-proc").string() +
                                          " is not available on this platform");

  fs::create_directories(tmp / "empty");
  auto empty = ListProcesses(tmp / "empty");
  REQUIRE_FALSE(empty.ok());
  CHECK_THAT(empty.status().message(), Catch::Contains("lists none"));
}

}  // namespace
}  // namespace ua
