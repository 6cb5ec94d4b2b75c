// FakeProc: a directory laid out like Linux procfs (<pid>/stat, cmdline, cwd and exe links,
// and stat's btime line), so the process table and its users can be tested on processes
// that need not exist: kernel threads, zombies, deleted executables, this process's pid.
//
// Owned by one test; not shared between threads.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace ua::testing {

struct FakeProcess {
  pid_t pid = 0;
  std::string comm = "fake";
  char state = 'S';
  unsigned long flags = 0;   // 0x00200000: a kernel thread
  uint64_t start_ticks = 0;  // clock ticks after boot
  std::vector<std::string> argv;
  std::string cwd;  // the link's target; empty: no link, as when the OS hides it
  std::string exe;
};

// A sleeping user process started at boot; tests change the other fields as they need.
FakeProcess UserProcess(pid_t pid, std::vector<std::string> argv, std::string cwd,
                        std::string exe = "");

class FakeProc {
 public:
  // Creates `root` with a stat file holding `boot_time_s` as btime.
  explicit FakeProc(std::filesystem::path root, int64_t boot_time_s = 1'700'000'000);
  const std::filesystem::path& root() const { return root_; }
  void Add(const FakeProcess& p) const;

 private:
  std::filesystem::path root_;
};

}  // namespace ua::testing
