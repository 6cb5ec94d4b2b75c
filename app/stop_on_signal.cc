#include "app/stop_on_signal.h"

#include <pthread.h>

#include <spdlog/spdlog.h>

namespace ua::app {

StopOnSignal::StopOnSignal() {
  sigemptyset(&signals_);
  sigaddset(&signals_, SIGINT);
  sigaddset(&signals_, SIGTERM);
  sigaddset(&signals_, SIGUSR1);  // used only to wake the watcher on destruction
  pthread_sigmask(SIG_BLOCK, &signals_, &previous_mask_);
  watcher_ = std::thread([this] {
    int sig = 0;
    while (sigwait(&signals_, &sig) == 0) {
      if (sig == SIGUSR1) return;
      spdlog::warn("signal {} received: stopping at the next safe point", sig);
      source_.request_stop();
    }
  });
}

StopOnSignal::~StopOnSignal() {
  pthread_kill(watcher_.native_handle(), SIGUSR1);
  watcher_.join();
  pthread_sigmask(SIG_SETMASK, &previous_mask_, nullptr);
}

}  // namespace ua::app
