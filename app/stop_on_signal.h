// StopOnSignal: while alive, SIGINT and SIGTERM request stop on a std::stop_source instead of
// killing the process, so a long CLI operation can stop at a safe point. Create it on the main
// thread before any other thread starts (it blocks the signals for the threads created after).
// The watcher thread is joined on destruction.
#pragma once

#include <signal.h>

#include <stop_token>
#include <thread>

namespace ua::app {

class StopOnSignal {
 public:
  StopOnSignal();
  ~StopOnSignal();
  StopOnSignal(const StopOnSignal&) = delete;
  StopOnSignal& operator=(const StopOnSignal&) = delete;

  std::stop_token token() const { return source_.get_token(); }

 private:
  sigset_t signals_;
  sigset_t previous_mask_;
  std::stop_source source_;
  std::thread watcher_;
};

}  // namespace ua::app
