// Subprocess: runs a program with posix_spawn, talking to it over pipes, bounded by
// deadlines. Used for validators, post-deploy tests and the MCP handshake check.
//
// Guarantees:
// - The child runs in its own process group; a timeout or Kill() sends SIGKILL to the whole
//   group, so grandchildren (a shell's `sleep`) die too. A Subprocess that is destroyed while
//   its child still runs kills and reaps it: no zombies, no orphans left running.
// - The child gets the parent's environment plus `env` (which overrides), stdin/stdout/stderr
//   as pipes, default signal dispositions and an empty signal mask. Parent fds are
//   close-on-exec and not inherited.
// - Captured output keeps at most `output_cap` bytes per stream: the tail, since the end of
//   a log says what went wrong.
// - A program that cannot be found or executed is a Status before anything runs
//   ("python3: not found on PATH"), never a child that exits 127.
// - Writing to a child that closed its stdin is a Status, never a SIGPIPE for our process.
//
// A Subprocess object is owned and used by one thread at a time. Run() is thread-safe.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <stop_token>

#include "base/status.h"

namespace ua {

using Deadline = std::chrono::steady_clock::time_point;

struct SubprocessOptions {
  std::vector<std::string> argv;             // argv[0] is looked up on PATH unless it has a '/'
  std::string cwd;                           // empty: the parent's working directory
  std::map<std::string, std::string> env;    // added to (and overriding) the parent environment
  std::string stdin_bytes;                   // Run(): written, then stdin is closed
  std::chrono::milliseconds timeout{30000};  // Run() only
  std::stop_token stop;  // Run() only: a stop request kills the group (cancelled = true)
  size_t output_cap = 64 * 1024;
};

struct ExitInfo {
  std::optional<int> exit_code;  // set when the child exited
  std::optional<int> signal;     // set when a signal killed it
  bool success() const { return exit_code && *exit_code == 0; }
  std::string Describe() const;  // "exit code 3", "killed by signal 9 (Killed)"
};

struct SubprocessResult {
  ExitInfo exit;
  bool timed_out = false;
  bool cancelled = false;   // killed because SubprocessOptions::stop was requested
  std::string stdout_text;  // the last output_cap bytes
  std::string stderr_text;
  bool stdout_truncated = false;
  bool stderr_truncated = false;
  int64_t ms = 0;
};

class Subprocess {
 public:
  // Runs to completion or to the timeout (then kills the group; timed_out = true). The Status
  // is an error only when the program could not be started or a pipe failed.
  static Result<SubprocessResult> Run(const SubprocessOptions& options);

  // Interactive mode: starts the child and returns at once. stdin_bytes and timeout are
  // ignored; each call below takes its own deadline.
  static Result<Subprocess> Start(const SubprocessOptions& options);

  Subprocess(Subprocess&& other) noexcept;
  Subprocess& operator=(Subprocess&& other) noexcept;
  Subprocess(const Subprocess&) = delete;
  Subprocess& operator=(const Subprocess&) = delete;
  ~Subprocess();

  // Writes `line` + "\n". kTimeout if the child does not take it before the deadline;
  // kFailedPrecondition if stdin is closed or the child stopped reading.
  Status WriteLine(std::string_view line, Deadline deadline);
  // The next line of stdout without its "\n". nullopt at end of output (a final line without
  // "\n" is returned first). kTimeout when no full line arrives before the deadline.
  Result<std::optional<std::string>> ReadLine(Deadline deadline);
  void CloseStdin();
  // Waits for the child to exit, draining its output meanwhile. kTimeout at the deadline (the
  // child keeps running; call Kill()).
  Result<ExitInfo> Wait(Deadline deadline);
  // SIGKILL to the process group, then reaps the child. Idempotent.
  ExitInfo Kill();

  pid_t pid() const { return pid_; }
  bool running() const { return pid_ > 0 && !exit_; }
  // The tail of stderr seen so far (drained during ReadLine/WriteLine/Wait).
  const std::string& stderr_tail() const { return stderr_.data; }

 private:
  struct Buffer {
    std::string data;
    size_t cap = 0;
    bool truncated = false;
  };

  Subprocess() = default;
  // One poll round until the deadline: drains stdout/stderr, optionally waits for stdin to be
  // writable. Returns false on timeout.
  bool PollOnce(Deadline deadline, bool want_stdin_writable, bool* stdin_writable);
  bool ReapNoHang();
  void CloseAll();

  pid_t pid_ = -1;
  int stdin_fd_ = -1;
  int stdout_fd_ = -1;
  int stderr_fd_ = -1;
  Buffer stdout_;  // interactive: unbounded line buffer; Run: capped tail
  Buffer stderr_;
  std::optional<ExitInfo> exit_;
};

}  // namespace ua
