#include "deploy_engine/checks/restart_detection.h"

#include <unistd.h>

#include <algorithm>
#include <ctime>
#include <optional>
#include <system_error>

#include <fmt/format.h>

#include "base/text_join.h"
#include "platform/process_table.h"

namespace ua::engine {
namespace {

namespace fs = std::filesystem;

constexpr size_t kCommandLineBytes = 200;
constexpr size_t kSentenceCommandBytes = 60;
constexpr size_t kSentenceProcesses = 3;
constexpr size_t kLongestPath = 4096;  // PATH_MAX: anything longer is not a path

// Lexically normal, without a trailing separator, so "/srv/app/" and "/srv/app" compare equal.
fs::path Normal(const fs::path& p) {
  fs::path n = p.lexically_normal();
  if (n.has_relative_path() && !n.has_filename()) n = n.parent_path();
  return n;
}

// Both normal and absolute. By components: /srv/app2 is not in /srv/app.
bool IsWithin(const fs::path& p, const fs::path& dir) {
  return std::mismatch(dir.begin(), dir.end(), p.begin(), p.end()).first == dir.end();
}

class Target {
 public:
  explicit Target(const fs::path& target) {
    std::error_code ec;
    fs::path absolute = fs::absolute(target, ec);
    if (ec) absolute = target;
    written_ = Normal(absolute);
    fs::path canonical = fs::weakly_canonical(absolute, ec);
    canonical_ = ec ? written_ : Normal(canonical);
  }

  const fs::path& path() const { return canonical_; }

  // For the kernel's links (cwd, exe), which are canonical already.
  bool HoldsCanonical(const fs::path& p) const { return !p.empty() && IsWithin(p, canonical_); }

  // For a path as a process wrote it: through a symlink into the target, or a symlink in the
  // target pointing elsewhere, it still counts.
  bool Holds(const fs::path& absolute) const {
    const fs::path n = Normal(absolute);
    if (IsWithin(n, written_) || IsWithin(n, canonical_)) return true;
    std::error_code ec;
    const fs::path c = fs::weakly_canonical(n, ec);
    return !ec && IsWithin(Normal(c), canonical_);
  }

 private:
  fs::path written_;
  fs::path canonical_;
};

// The argument of `p` that lies in the target, resolved; nullopt when none does.
std::optional<fs::path> ArgumentWithin(const ProcessInfo& p, const Target& target) {
  for (const std::string& arg : p.argv) {
    std::string_view candidate = arg;
    if (candidate.starts_with('-')) {  // an option; "--config=/srv/app/c.json" holds a path
      const size_t eq = candidate.find('=');
      if (eq == std::string_view::npos) continue;
      candidate.remove_prefix(eq + 1);
    }
    if (candidate.empty() || candidate.size() > kLongestPath) continue;
    fs::path path(candidate);
    if (path.is_relative()) {
      // Any word of a relative command line would lie "in" a cwd inside the target: only an
      // existing file makes it a path.
      std::error_code ec;
      if (p.cwd.empty()) continue;
      path = p.cwd / path;
      if (!fs::exists(fs::symlink_status(path, ec))) continue;
    }
    if (target.Holds(path)) return Normal(path);
  }
  return std::nullopt;
}

// `text` cut to at most `max` bytes with "..." at the end, never inside a UTF-8 sequence.
std::string Shorten(std::string text, size_t max) {
  if (text.size() <= max) return text;
  size_t cut = max - 3;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  text.resize(cut);
  return text + "...";
}

std::string CommandLine(const std::vector<std::string>& argv) {
  std::string line;
  for (const std::string& arg : argv) {
    if (!line.empty()) line += ' ';
    line += arg;
    if (line.size() > kCommandLineBytes) break;
  }
  // One line: `python3 -c` code and the like carry newlines and tabs.
  std::replace_if(
      line.begin(), line.end(),
      [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; }, ' ');
  return Shorten(std::move(line), kCommandLineBytes);
}

std::optional<RunningProcess> UseOf(const ProcessInfo& p, const Target& target) {
  RunningProcess r;
  if (target.HoldsCanonical(p.exe)) {
    r.why = TargetUse::kExe;
    r.path = p.exe.string();
  } else if (auto arg = ArgumentWithin(p, target)) {
    r.why = TargetUse::kArgument;
    r.path = arg->string();
  } else if (target.HoldsCanonical(p.cwd)) {
    r.why = TargetUse::kCwd;
    r.path = p.cwd.string();
  } else {
    return std::nullopt;
  }
  r.pid = static_cast<int>(p.pid);
  if (p.started) {
    r.started = FormatIsoUtc(*p.started);
    r.started_unix_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(p.started->time_since_epoch())
            .count();
  }
  r.command_line = CommandLine(p.argv);
  return r;
}

// "10:02 UTC" on the day of `now`, "2026-11-20 10:02 UTC" before; "" when unknown.
std::string StartTime(const RunningProcess& p, TimePoint now) {
  if (p.started.empty()) return "";
  const std::string today = FormatIsoUtc(now).substr(0, 10);
  const std::string day = p.started.substr(0, 10);
  const std::string hm = p.started.substr(11, 5) + " UTC";
  return day == today ? hm : day + " " + hm;
}

}  // namespace

const char* RestartStatusName(RestartStatus s) {
  switch (s) {
    case RestartStatus::kNone:
      return "none";
    case RestartStatus::kRequired:
      return "required";
    case RestartStatus::kUnknown:
      return "unknown";
  }
  return "unknown";
}

const char* TargetUseName(TargetUse u) {
  switch (u) {
    case TargetUse::kExe:
      return "exe";
    case TargetUse::kArgument:
      return "argument";
    case TargetUse::kCwd:
      return "cwd";
  }
  return "cwd";
}

RestartCheck FindProcessesUsing(const fs::path& target, const fs::path& proc_root) {
  RestartCheck check;
  Result<std::vector<ProcessInfo>> table = ListProcesses(proc_root);
  if (!table.ok()) {
    check.status = RestartStatus::kUnknown;
    check.reason = table.status().message();
    return check;
  }
  const Target t(target);
  const pid_t self = ::getpid();
  for (const ProcessInfo& p : *table) {
    if (p.pid == self || p.kernel_thread || p.state == 'Z') continue;
    if (auto use = UseOf(p, t)) check.processes.push_back(std::move(*use));
  }
  const size_t n = check.processes.size();
  check.status = n == 0 ? RestartStatus::kNone : RestartStatus::kRequired;
  check.reason = n == 0   ? "no running process uses " + t.path().string()
                 : n == 1 ? "1 process uses " + t.path().string()
                          : std::to_string(n) + " processes use " + t.path().string();
  return check;
}

std::string RestartSentence(const RestartCheck& check, std::string_view new_version,
                            TimePoint now) {
  const std::string load = new_version.empty()            ? "the new version"
                           : new_version.starts_with('v') ? std::string(new_version)
                                                          : "v" + std::string(new_version);
  if (check.status == RestartStatus::kUnknown) {
    return "Restart any process that still runs the old server to load " + load + " (" +
           check.reason + ").";
  }
  if (check.processes.empty()) return "";

  const auto name = [](const RunningProcess& p) {
    return fmt::format("pid {} ({}", p.pid, Shorten(p.command_line, kSentenceCommandBytes));
  };
  if (check.processes.size() == 1) {
    const RunningProcess& p = check.processes.front();
    const std::string started = StartTime(p, now);
    return name(p) + ")" + (started.empty() ? "" : ", started " + started) +
           ", still runs the old server: restart it to load " + load + ".";
  }
  std::vector<std::string> items;
  for (const RunningProcess& p : check.processes) {
    const std::string started = StartTime(p, now);
    items.push_back(name(p) + (started.empty() ? "" : ", started " + started) + ")");
  }
  return fmt::format("{} processes still run the old server: {}; restart them to load {}.",
                     items.size(), JoinFirst(items, kSentenceProcesses, ", and {} more"), load);
}

}  // namespace ua::engine
