#include "app/progress_line.h"

#include <cstdio>
#include <string>

namespace ua::app {

void ProgressLine::Show(const engine::ProgressUpdate& u) {
  if (!enabled_) return;
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  std::string files;
  if (u.total > 0) files = "  " + std::to_string(u.done) + "/" + std::to_string(u.total) + " files";
  // \r returns to the line's start; \033[K clears what a longer earlier drawing left.
  std::fprintf(stderr, "\r[%3.0f%%] %-10s%s  %.1f s\033[K", u.percent,
               engine::DeployStateName(u.state), files.c_str(), elapsed);
  std::fflush(stderr);
  drawn_ = true;
}

void ProgressLine::Done() {
  if (drawn_) std::fputc('\n', stderr);
  drawn_ = false;
}

}  // namespace ua::app
