// ProgressLine: one line on a terminal's stderr that an operation's progress redraws in
// place: "[ 60%] DEPLOYING  3/100 files  2.1 s". Disabled, it draws nothing (a pipe, --json).
//
// Used by one thread.
#pragma once

#include <chrono>

#include "deploy_engine/operations/deploy_types.h"

namespace ua::app {

class ProgressLine {
 public:
  explicit ProgressLine(bool enabled) : enabled_(enabled) {}
  void Show(const engine::ProgressUpdate& update);
  // Ends the line (a newline after the last drawing), once the operation is over.
  void Done();

 private:
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

}  // namespace ua::app
