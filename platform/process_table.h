// ProcessTable: the running processes as Linux procfs shows them (pid, state, start time,
// working directory, executable, arguments), for checks that ask "who still uses this path?".
//
// Read-only: reads files and symlinks below the proc root, never signals or touches a process.
// A snapshot, not a consistent one: processes start and exit while the root is read; one that
// vanishes midway is left out, and a link the OS refuses to show (another user's cwd/exe:
// EACCES) is left empty. Only an unusable proc root is an error (not Linux, procfs not
// mounted), so a caller never mistakes "cannot see" for "nothing there".
//
// Stateless; safe from any thread.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "platform/clock.h"

namespace ua {

struct ProcessInfo {
  pid_t pid = 0;
  char state = '?';                  // field 3 of stat: 'R', 'S', 'D', 'Z' (zombie), ...
  bool kernel_thread = false;        // PF_KTHREAD: no user space, no cwd or exe of its own
  std::optional<TimePoint> started;  // unset when stat or the boot time cannot be read
  // The targets of the `cwd` and `exe` links; empty when unreadable. A target the kernel marks
  // " (deleted)" (the file was removed or replaced while in use) is given without that suffix.
  std::filesystem::path cwd;
  std::filesystem::path exe;
  std::vector<std::string> argv;  // cmdline split at NULs; empty for kernel threads and zombies
};

// Every process listed under `proc_root`, by ascending pid. kNotFound when `proc_root` cannot
// be read or lists no process at all (an empty mount point is not a machine with no processes).
Result<std::vector<ProcessInfo>> ListProcesses(const std::filesystem::path& proc_root = "/proc");

}  // namespace ua
