// CallWorker: runs tool calls one at a time, in submission order, on its own thread, and
// decides whether each call still gets a response.
//
// Each call is keyed by its serialised request id. Cancel(key) marks a queued or running
// call cancelled, runs its on_cancel hook and requests stop on its stop_token; a cancelled
// call's completion receives nullopt (no response), even if its task returns later. Unknown
// or finished keys are ignored. Shutdown() requests stop on the running and every queued call
// (which is NOT a cancellation: their responses are still delivered, so a piped script gets
// an answer to every request), lets the queue drain, and joins the thread. Tools are
// expected to return promptly once their stop_token fires.
//
// Thread-safe: Submit/Cancel/InFlight/Shutdown may be called from any thread (the server's
// reader); tasks and completions run on the worker thread.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

namespace ua::mcp {

class CallWorker {
 public:
  using Task = std::function<nlohmann::json(std::stop_token)>;
  using Completion = std::function<void(std::optional<nlohmann::json> response)>;
  using CancelHook = std::function<void()>;

  CallWorker();
  ~CallWorker();  // Shutdown()
  CallWorker(const CallWorker&) = delete;
  CallWorker& operator=(const CallWorker&) = delete;

  // False (and nothing queued) when `key` is already in flight or the worker is shut down.
  bool Submit(const std::string& key, Task task, Completion completion, CancelHook on_cancel);
  // True when a queued or running call was cancelled by this.
  bool Cancel(const std::string& key);
  bool InFlight(const std::string& key) const;
  void Shutdown();

 private:
  struct Entry {
    std::string key;
    Task task;
    Completion completion;
    CancelHook on_cancel;
    std::stop_source stop;
    bool cancelled = false;
  };

  void Loop(std::stop_token worker_stop);

  mutable std::mutex mu_;
  std::condition_variable_any cv_;
  std::deque<std::shared_ptr<Entry>> queue_;
  std::map<std::string, std::shared_ptr<Entry>> in_flight_;  // queued + running
  std::shared_ptr<Entry> running_;
  bool shut_down_ = false;
  std::jthread thread_;  // last: started after the state it uses exists
};

}  // namespace ua::mcp
