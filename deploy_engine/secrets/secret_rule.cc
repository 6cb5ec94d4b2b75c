#include "deploy_engine/secrets/secret_rule.h"

#include <array>
#include <cmath>
#include <string_view>

namespace ua::engine {

double ShannonEntropy(std::string_view text) {
  if (text.empty()) return 0;
  std::array<size_t, 256> counts{};
  for (unsigned char c : text) ++counts[c];
  double bits = 0;
  const auto n = static_cast<double>(text.size());
  for (size_t count : counts) {
    if (count == 0) continue;
    const double p = static_cast<double>(count) / n;
    bits -= p * std::log2(p);
  }
  return bits;
}

}  // namespace ua::engine
