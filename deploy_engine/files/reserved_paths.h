// Paths in a profile's trees that belong to ua-deploy itself and are never managed, whatever
// the include globs say: the target's VERSION (written by FINALIZING) and the staging
// directories of a switch in flight (<root>/.ua-deploy-staging-<id>/...). FileSelector
// excludes them, so no walk descends into a staging directory and no plan, backup, re-check
// or rollback can take ua-deploy's own files for the user's.
//
// Pure functions; safe from any thread.
#pragma once

#include <string_view>

namespace ua::engine {

// True for "VERSION" and for a root-level ".ua-deploy-staging-*" directory and anything in it.
bool IsReservedPath(std::string_view rel);

}  // namespace ua::engine
