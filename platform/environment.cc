#include "platform/environment.h"

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>

namespace ua {

Environment Environment::Process() {
  return Environment(
      [](const std::string& name) -> std::optional<std::string> {
        const char* v = std::getenv(name.c_str());
        if (!v) return std::nullopt;
        return std::string(v);
      },
      /*is_process=*/true);
}

Environment Environment::Fixed(std::map<std::string, std::string> vars) {
  return Environment(
      [vars = std::move(vars)](const std::string& name) -> std::optional<std::string> {
        auto it = vars.find(name);
        if (it == vars.end()) return std::nullopt;
        return it->second;
      },
      /*is_process=*/false);
}

std::optional<std::string> Environment::Home() const {
  if (auto home = Get("HOME"); home && !home->empty()) return home;
  if (!is_process_) return std::nullopt;
  if (const passwd* pw = getpwuid(getuid()); pw && pw->pw_dir) return std::string(pw->pw_dir);
  return std::nullopt;
}

std::string Environment::UserName() const {
  if (auto u = Get("USER"); u && !u->empty()) return *u;
  if (auto u = Get("LOGNAME"); u && !u->empty()) return *u;
  if (is_process_) {
    if (const passwd* pw = getpwuid(getuid()); pw && pw->pw_name) return pw->pw_name;
  }
  return "unknown";
}

}  // namespace ua
