#include "base/parallel_for.h"

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

namespace ua {

void ParallelFor(size_t count, std::stop_token stop, const std::function<void(size_t)>& body) {
  constexpr unsigned kMaxThreads = 4;
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next++; i < count && !stop.stop_requested(); i = next++) body(i);
  };
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  const size_t helpers =
      std::min<size_t>(std::min(cores, kMaxThreads), count) - (count > 0 ? 1 : 0);
  std::vector<std::jthread> pool;
  for (size_t t = 0; t < helpers; ++t) pool.emplace_back(work);
  work();
}  // pool joins here

}  // namespace ua
