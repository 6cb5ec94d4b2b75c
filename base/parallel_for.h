// ParallelFor: runs body(0) .. body(count - 1) on a small fixed pool of threads (the calling
// thread and up to three more, never more than the machine has cores), for independent work
// items such as scanning or hashing files. Items are taken in index order, so early items
// finish first; each item runs exactly once, unless `stop` is requested, after which no new
// item starts.
//
// `body` must be safe to call from several threads at once on different indexes; results go
// into per-index slots the caller owns. Returns when every started item has finished.
#pragma once

#include <cstddef>
#include <functional>
#include <stop_token>

namespace ua {

void ParallelFor(size_t count, std::stop_token stop, const std::function<void(size_t)>& body);

}  // namespace ua
