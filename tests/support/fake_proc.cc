#include "tests/support/fake_proc.h"

#include <system_error>
#include <utility>

#include <fmt/format.h>
#include <catch2/catch.hpp>

#include "tests/support/temp_dir.h"

namespace ua::testing {

FakeProc::FakeProc(std::filesystem::path root, int64_t boot_time_s) : root_(std::move(root)) {
  WriteFile(root_ / "stat", fmt::format("cpu  1 2 3 4\nbtime {}\nprocesses 9\n", boot_time_s));
}

FakeProcess UserProcess(pid_t pid, std::vector<std::string> argv, std::string cwd,
                        std::string exe) {
  FakeProcess p;
  p.pid = pid;
  p.argv = std::move(argv);
  p.cwd = std::move(cwd);
  p.exe = std::move(exe);
  return p;
}

void FakeProc::Add(const FakeProcess& p) const {
  const std::filesystem::path dir = root_ / std::to_string(p.pid);
  // Fields 3 to 22 of proc(5): state ppid pgrp session tty_nr tpgid flags minflt cminflt
  // majflt cmajflt utime stime cutime cstime priority nice num_threads itrealvalue starttime.
  WriteFile(dir / "stat",
            fmt::format("{} ({}) {} 1 {} {} 0 -1 {} 0 0 0 0 0 0 0 0 20 0 1 0 {} 1000 100\n", p.pid,
                        p.comm, p.state, p.pid, p.pid, p.flags, p.start_ticks));
  std::string cmdline;
  for (const std::string& arg : p.argv) cmdline += arg + '\0';
  WriteFile(dir / "cmdline", cmdline);
  std::error_code ec;
  if (!p.cwd.empty()) std::filesystem::create_symlink(p.cwd, dir / "cwd", ec);
  REQUIRE(!ec);
  if (!p.exe.empty()) std::filesystem::create_symlink(p.exe, dir / "exe", ec);
  REQUIRE(!ec);
}

}  // namespace ua::testing
