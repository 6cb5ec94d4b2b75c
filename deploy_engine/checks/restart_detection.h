// RestartDetection: after a deploy or rollback changed production, which running processes
// still run the old production server? A server loads its code when it starts, so a client
// that keeps one running (Claude Desktop) keeps the old code until it is restarted.
//
// A process counts when its executable, one of its arguments (a relative one resolved against
// the process's working directory, and counted only if it names an existing file) or its
// working directory lies in the target directory: equal to it or below it, by path components
// (/srv/app2 is not in /srv/app), compared both as written and with symlinks resolved.
//
// Guarantees:
// - Read-only: reads /proc and stats paths; never kills, signals or otherwise touches a
//   process, and never writes anything.
// - Never guesses: when processes cannot be listed (not Linux, /proc not mounted) the status
//   is kUnknown with the reason. kNone means every visible process was checked.
// - The calling process is never listed (its own working directory may well be production).
//   Kernel threads and zombies are skipped; processes that exit during the scan are left out.
// - Processes of other users are checked as far as the OS shows them: their working directory
//   and executable are hidden (EACCES), so only their absolute arguments are checked.
//
// Stateless; safe from any thread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "platform/clock.h"

namespace ua::engine {

enum class RestartStatus { kNone, kRequired, kUnknown };
// "none", "required", "unknown".
const char* RestartStatusName(RestartStatus s);

// How a process uses the target, strongest evidence first.
enum class TargetUse { kExe, kArgument, kCwd };
// "exe", "argument", "cwd".
const char* TargetUseName(TargetUse u);

struct RunningProcess {
  int pid = 0;
  std::string started;          // ISO-8601 UTC ("2026-11-21T10:02:13.450Z"); empty when unknown
  int64_t started_unix_ms = 0;  // the same instant; 0 when unknown
  std::string command_line;     // the arguments joined with spaces, on one line, cut at 200 bytes
  TargetUse why = TargetUse::kCwd;  // the strongest of the uses found
  std::string path;                 // what lies in the target: the exe, argument or cwd
};

struct RestartCheck {
  RestartStatus status = RestartStatus::kUnknown;
  std::string reason;  // "1 process uses /srv/app", "no running process uses ...", or why unknown
  std::vector<RunningProcess> processes;  // kRequired only; by ascending pid
};

// The processes using `target` (a production directory), from the process table under
// `proc_root` (injectable for tests).
RestartCheck FindProcessesUsing(const std::filesystem::path& target,
                                const std::filesystem::path& proc_root = "/proc");

// The advice for a person, e.g. "pid 4242 (python3 server.py), started 10:02 UTC, still runs
// the old server: restart it to load v0.1.3." Several processes are listed in one sentence (the
// first three, then "and N more"); kUnknown says that the check could not be made and why;
// kNone gives "". `new_version` is what production holds now ("0.1.3"; empty: "the new
// version"); `now` decides whether a start time needs its date.
std::string RestartSentence(const RestartCheck& check, std::string_view new_version, TimePoint now);

}  // namespace ua::engine
