#!/usr/bin/env bash
# Configures and builds ua-deploy into build/ (or $UA_BUILD_DIR). Used by test.sh, demo.sh and
# bench.sh; extra arguments go to `cmake --build` (e.g. --target ua-deploy).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
build=${UA_BUILD_DIR:-$repo/build}
werror=OFF
[ -n "${CI:-}" ] && werror=ON
cmake -S "$repo" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DUA_DEPLOY_WERROR="$werror" \
  ${UA_CMAKE_ARGS:-} >/dev/null
cmake --build "$build" -j"$(nproc)" "$@"
