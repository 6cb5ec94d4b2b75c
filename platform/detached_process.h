// SpawnDetached: starts a program that outlives the process that started it. The program runs
// in a session of its own (setsid), is re-parented to init at once (double fork, so the
// starter never has to reap it and no zombie is left behind), has stdin and stdout on
// /dev/null (or a pipe to the starter) and stderr appended to a log file, and inherits no file
// descriptor but those three: a lock or a pipe of the starter never leaks into it. A signal sent to
// the starter's process group or session (a terminal's Ctrl-C, a client killing its server) does
// not reach it.
//
// The call returns once the program has been exec'd (or failed to be), so "started" means
// the program is running: an exec failure is reported as an error Status, not as a process
// that dies at once.
//
// Thread-safe: between fork and exec only async-signal-safe calls are made.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

#include "base/status.h"

namespace ua {

struct DetachedOptions {
  std::filesystem::path stderr_path;  // appended to (created 0600); "" = /dev/null
  std::filesystem::path cwd;          // "" = "/" so that no directory is kept busy
  // stdout is a pipe whose read end the starter gets (to follow the program while it cares);
  // else /dev/null. The program must survive the starter closing it (ignore SIGPIPE/EPIPE).
  bool pipe_stdout = false;
};

struct DetachedProcess {
  pid_t pid = 0;
  int stdout_fd = -1;  // the pipe's read end (close-on-exec), owned by the caller; -1 if none
};

// argv[0] is the program's path (not searched in PATH).
Result<DetachedProcess> SpawnDetached(const std::vector<std::string>& argv,
                                      const DetachedOptions& options);

// The path of the running executable (/proc/self/exe where it exists); "" when unknown.
std::filesystem::path CurrentExecutable();

// True while a process with this pid exists (it may belong to another user).
bool ProcessExists(pid_t pid);

}  // namespace ua
