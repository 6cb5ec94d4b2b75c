// JoinFirst: a bounded list of names for a message ("a, b, c, and 7 more").
//
// Pure function; safe from any thread.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace ua {

// The first `max` items joined with ", ". When items were left out, appends `more` with its
// "{}" replaced by how many (e.g. ", and {} more"); an empty `more` appends nothing.
std::string JoinFirst(const std::vector<std::string>& items, size_t max,
                      std::string_view more = {});

}  // namespace ua
