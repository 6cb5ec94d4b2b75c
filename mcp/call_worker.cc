#include "mcp/call_worker.h"

namespace ua::mcp {

CallWorker::CallWorker() : thread_([this](std::stop_token st) { Loop(st); }) {}

CallWorker::~CallWorker() { Shutdown(); }

bool CallWorker::Submit(const std::string& key, Task task, Completion completion,
                        CancelHook on_cancel) {
  {
    std::lock_guard lock(mu_);
    if (shut_down_ || in_flight_.count(key)) return false;
    auto entry = std::make_shared<Entry>();
    entry->key = key;
    entry->task = std::move(task);
    entry->completion = std::move(completion);
    entry->on_cancel = std::move(on_cancel);
    in_flight_[key] = entry;
    queue_.push_back(std::move(entry));
  }
  cv_.notify_all();
  return true;
}

bool CallWorker::Cancel(const std::string& key) {
  std::shared_ptr<Entry> entry;
  {
    std::lock_guard lock(mu_);
    auto it = in_flight_.find(key);
    if (it == in_flight_.end() || it->second->cancelled) return false;
    entry = it->second;
    entry->cancelled = true;
  }
  if (entry->on_cancel) entry->on_cancel();
  entry->stop.request_stop();
  return true;
}

bool CallWorker::InFlight(const std::string& key) const {
  std::lock_guard lock(mu_);
  return in_flight_.count(key) != 0;
}

void CallWorker::Shutdown() {
  {
    std::lock_guard lock(mu_);
    if (shut_down_) return;
    shut_down_ = true;
    for (const auto& entry : queue_) entry->stop.request_stop();
    if (running_) running_->stop.request_stop();
  }
  cv_.notify_all();
  thread_.request_stop();
  if (thread_.joinable()) thread_.join();
}

void CallWorker::Loop(std::stop_token worker_stop) {
  for (;;) {
    std::shared_ptr<Entry> entry;
    bool skip;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, worker_stop, [this] { return !queue_.empty(); });
      if (queue_.empty()) return;  // shut down and drained
      entry = queue_.front();
      queue_.pop_front();
      running_ = entry;
      if (shut_down_) entry->stop.request_stop();
      skip = entry->cancelled;
    }
    std::optional<nlohmann::json> response;
    if (!skip) response = entry->task(entry->stop.get_token());
    bool cancelled;
    {
      std::lock_guard lock(mu_);
      in_flight_.erase(entry->key);
      running_.reset();
      cancelled = entry->cancelled;
    }
    entry->completion(cancelled ? std::nullopt : std::move(response));
  }
}

}  // namespace ua::mcp
