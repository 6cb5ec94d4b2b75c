#include "platform/libgit2_init.h"

#include <git2.h>

#include <mutex>

namespace ua {

void EnsureLibgit2() {
  static std::once_flag once;
  std::call_once(once, [] { git_libgit2_init(); });
}

}  // namespace ua
