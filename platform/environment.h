// Environment: the process environment and home directory, behind a seam so tests can
// give config discovery and path expansion a fake environment without touching the real
// one (or the real home directory).
//
// Copyable value. Process() reads getenv() on each lookup; callers on several threads must
// not mutate the process environment concurrently (we never do).
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>

namespace ua {

class Environment {
 public:
  using Lookup = std::function<std::optional<std::string>(const std::string&)>;

  // The real process environment.
  static Environment Process();
  // A fixed set of variables; nothing else is visible.
  static Environment Fixed(std::map<std::string, std::string> vars);

  std::optional<std::string> Get(const std::string& name) const { return lookup_(name); }
  // $HOME, else the passwd entry of the current user; nullopt when neither is known.
  std::optional<std::string> Home() const;
  // $USER, else $LOGNAME, else the passwd entry; "unknown" when none is known.
  std::string UserName() const;

 private:
  explicit Environment(Lookup lookup, bool is_process)
      : lookup_(std::move(lookup)), is_process_(is_process) {}
  Lookup lookup_;
  bool is_process_;
};

}  // namespace ua
