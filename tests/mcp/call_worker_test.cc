#include "mcp/call_worker.h"

#include <condition_variable>
#include <mutex>
#include <vector>

#include <catch2/catch.hpp>

namespace ua::mcp {
namespace {

using nlohmann::json;

// Collects completions; Wait blocks until `n` arrived.
struct Completions {
  std::mutex mu;
  std::condition_variable cv;
  std::vector<std::optional<json>> got;
  CallWorker::Completion Make() {
    return [this](std::optional<json> r) {
      std::lock_guard lock(mu);
      got.push_back(std::move(r));
      cv.notify_all();
    };
  }
  void Wait(size_t n) {
    std::unique_lock lock(mu);
    cv.wait(lock, [&] { return got.size() >= n; });
  }
};

// A task that blocks until its stop_token fires, after telling the test it started.
struct Gate {
  std::mutex mu;
  std::condition_variable started_cv;
  bool started = false;
  CallWorker::Task Task(json value) {
    return [this, value](std::stop_token st) {
      {
        std::lock_guard lock(mu);
        started = true;
      }
      started_cv.notify_all();
      std::mutex m;
      std::condition_variable_any cv;
      std::unique_lock lock(m);
      cv.wait(lock, st, [] { return false; });
      return value;
    };
  }
  void WaitStarted() {
    std::unique_lock lock(mu);
    started_cv.wait(lock, [&] { return started; });
  }
};

TEST_CASE("Calls run in order and deliver their responses", "[mcp][worker]") {
  Completions done;
  CallWorker worker;
  for (int i = 0; i < 3; ++i) {
    REQUIRE(worker.Submit(
        std::to_string(i), [i](std::stop_token) { return json(i); }, done.Make(), nullptr));
  }
  done.Wait(3);
  CHECK(done.got == std::vector<std::optional<json>>{json(0), json(1), json(2)});
}

TEST_CASE("A cancelled call gets no response and unknown ids are ignored", "[mcp][worker]") {
  Completions done;
  Gate gate;
  bool hook_ran = false;
  CallWorker worker;
  REQUIRE(worker.Submit("1", gate.Task("late"), done.Make(), [&] { hook_ran = true; }));
  REQUIRE(worker.Submit(
      "2", [](std::stop_token) { return json("queued"); }, done.Make(), nullptr));
  gate.WaitStarted();
  CHECK_FALSE(worker.Submit("1", gate.Task("dup"), done.Make(), nullptr));
  CHECK_FALSE(worker.Cancel("404"));
  CHECK(worker.Cancel("1"));
  CHECK_FALSE(worker.Cancel("1"));
  done.Wait(2);
  CHECK(hook_ran);
  CHECK(done.got[0] == std::nullopt);
  CHECK(done.got[1] == json("queued"));
  CHECK_FALSE(worker.Cancel("2"));
  CHECK_FALSE(worker.InFlight("1"));
}

TEST_CASE("Shutdown stops the running call but still delivers its response", "[mcp][worker]") {
  Completions done;
  Gate gate;
  CallWorker worker;
  REQUIRE(worker.Submit("1", gate.Task("stopped"), done.Make(), nullptr));
  REQUIRE(worker.Submit(
      "2", [](std::stop_token st) { return json(st.stop_requested()); }, done.Make(), nullptr));
  gate.WaitStarted();
  worker.Shutdown();
  REQUIRE(done.got.size() == 2);
  CHECK(done.got[0] == json("stopped"));
  CHECK(done.got[1] == json(true));
  CHECK_FALSE(worker.Submit(
      "3", [](std::stop_token) { return json(); }, done.Make(), nullptr));
}

}  // namespace
}  // namespace ua::mcp
