// PipeWriter: an mcp::Writer on a pipe whose read end the test drains without blocking, for
// unit tests of what the server writes.
//
// Owned by one test; Drain() from the test's thread.
#pragma once

#include <memory>
#include <vector>

#include <nlohmann/json.hpp>

#include "mcp/writer.h"

namespace ua::testing {

class PipeWriter {
 public:
  PipeWriter();
  ~PipeWriter();
  PipeWriter(const PipeWriter&) = delete;
  PipeWriter& operator=(const PipeWriter&) = delete;

  // Every whole line written so far, parsed (REQUIREs that each is JSON and none is partial).
  std::vector<nlohmann::json> Drain();

  std::shared_ptr<mcp::Writer> writer;

 private:
  int fds_[2] = {-1, -1};
};

}  // namespace ua::testing
