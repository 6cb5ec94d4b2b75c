#include "platform/process_table.h"

#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <string_view>
#include <system_error>

namespace ua {
namespace {

namespace fs = std::filesystem;

constexpr unsigned long kPfKthread = 0x00200000;  // include/linux/sched.h

std::optional<std::string> ReadAll(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream s;
  s << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return s.str();
}

template <typename T>
std::optional<T> ParseNumber(std::string_view s) {
  T value{};
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty()) return std::nullopt;
  return value;
}

// The `btime` line of <proc>/stat: boot time in seconds since the epoch.
std::optional<int64_t> BootTime(const fs::path& proc_root) {
  std::ifstream in(proc_root / "stat");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("btime ", 0) == 0) return ParseNumber<int64_t>(line.substr(6));
  }
  return std::nullopt;
}

// An empty path when the link cannot be read (vanished, EACCES, a kernel thread's exe).
fs::path LinkTarget(const fs::path& link) {
  std::error_code ec;
  fs::path target = fs::read_symlink(link, ec);
  if (ec) return {};
  constexpr std::string_view kDeleted = " (deleted)";
  const std::string& s = target.native();
  if (s.size() > kDeleted.size() && s.ends_with(kDeleted) && !fs::exists(target, ec)) {
    return s.substr(0, s.size() - kDeleted.size());
  }
  return target;
}

std::vector<std::string> SplitNuls(const std::string& bytes) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (start < bytes.size()) {
    size_t nul = bytes.find('\0', start);
    if (nul == std::string::npos) nul = bytes.size();
    parts.push_back(bytes.substr(start, nul - start));
    start = nul + 1;
  }
  return parts;
}

// Fills state, kernel_thread and started from <pid>/stat. False when it cannot be read or
// parsed: the process is gone (or this is not procfs).
bool ReadStat(const fs::path& dir, std::optional<int64_t> boot_s, long ticks, ProcessInfo* p) {
  std::optional<std::string> stat = ReadAll(dir / "stat");
  if (!stat) return false;
  // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so fields are counted
  // from the last ')'. Field 3 (state) is fields[0], field 9 (flags) fields[6], field 22
  // (starttime, clock ticks after boot) fields[19].
  const size_t paren = stat->rfind(')');
  if (paren == std::string::npos) return false;
  std::vector<std::string_view> fields;
  std::string_view rest = std::string_view(*stat).substr(paren + 1);
  while (!rest.empty()) {
    const size_t start = rest.find_first_not_of(" \n");
    if (start == std::string_view::npos) break;
    rest.remove_prefix(start);
    const size_t end = std::min(rest.find_first_of(" \n"), rest.size());
    fields.push_back(rest.substr(0, end));
    rest.remove_prefix(end);
  }
  if (fields.size() < 20 || fields[0].size() != 1) return false;
  p->state = fields[0][0];
  if (auto flags = ParseNumber<unsigned long>(fields[6])) {
    p->kernel_thread = (*flags & kPfKthread) != 0;
  }
  auto start_ticks = ParseNumber<uint64_t>(fields[19]);
  if (boot_s && start_ticks && ticks > 0) {
    const auto ms = static_cast<int64_t>(*start_ticks * 1000 / static_cast<uint64_t>(ticks));
    p->started = TimePoint(std::chrono::seconds(*boot_s)) + std::chrono::milliseconds(ms);
  }
  return true;
}

}  // namespace

Result<std::vector<ProcessInfo>> ListProcesses(const fs::path& proc_root) {
  std::error_code ec;
  fs::directory_iterator it(proc_root, ec);
  if (ec) {
    return NotFound("cannot list processes: " + proc_root.string() +
                    " is not available on this platform");
  }

  const std::optional<int64_t> boot_s = BootTime(proc_root);
  const long ticks = ::sysconf(_SC_CLK_TCK);
  std::vector<ProcessInfo> processes;
  for (; it != fs::directory_iterator(); it.increment(ec)) {
    if (ec) break;
    auto pid = ParseNumber<pid_t>(it->path().filename().native());
    if (!pid || *pid <= 0) continue;
    const fs::path dir = it->path();
    ProcessInfo p;
    p.pid = *pid;
    if (!ReadStat(dir, boot_s, ticks, &p)) continue;
    std::optional<std::string> cmdline = ReadAll(dir / "cmdline");
    if (!cmdline) continue;
    p.argv = SplitNuls(*cmdline);
    p.cwd = LinkTarget(dir / "cwd");
    p.exe = LinkTarget(dir / "exe");
    processes.push_back(std::move(p));
  }
  if (ec) {
    return ErrnoStatus("cannot list processes: reading " + proc_root.string() + " failed",
                       ec.value());
  }
  if (processes.empty()) {
    return NotFound("cannot list processes: " + proc_root.string() +
                    " lists none (is procfs mounted?)");
  }
  std::sort(processes.begin(), processes.end(),
            [](const ProcessInfo& a, const ProcessInfo& b) { return a.pid < b.pid; });
  return processes;
}

}  // namespace ua
