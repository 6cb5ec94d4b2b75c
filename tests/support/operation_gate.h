// Gate: a post-deploy test that holds a deployment in TESTING until the test releases it.
// The gate command tells the test that TESTING has begun (a line into one FIFO) and then
// waits until the test releases it (EOF on another FIFO), so "still running" and "now it may
// finish" are events, not guesses about time.
//
// Owned by one test; WaitEntered and Release block the calling thread.
#pragma once

#include <filesystem>

#include <nlohmann/json.hpp>

#include "tests/support/example_sandbox.h"

namespace ua::testing {

class Gate {
 public:
  // Makes the two FIFOs in the sandbox (REQUIREs success).
  explicit Gate(const ExampleSandbox& box);

  // The profile's `tests` item that runs the gate.
  nlohmann::json TestConfig() const;
  // Blocks until the gate command runs: the deployment is in TESTING, production switched.
  void WaitEntered() const;
  // Lets the gate command exit 0 (blocks until it has the FIFO open).
  void Release() const;

 private:
  std::filesystem::path entered_, release_;
};

}  // namespace ua::testing
