// EnsureLibgit2: initialises libgit2 once per process, before its first use. Every module that
// calls libgit2 calls this first. Thread-safe (std::call_once); libgit2 stays initialised until
// the process ends.
#pragma once

namespace ua {

void EnsureLibgit2();

}  // namespace ua
