#!/usr/bin/env bash
# Installs what is missing, builds from nothing, and runs every test through CTest:
# the Catch2 unit and integration tests, the script tests, and the interop tests with the
# official MCP clients of both protocol eras (SDK 1.32; the v2 client, ext-tasks and the
# Inspector CLI). Then a second build (portable file operations, ASan + UBSan) runs the suite
# again. Exits non-zero on any failure.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"

./scripts/install-deps.sh
echo "== npm ci (tests/interop)"
(cd tests/interop && npm ci --no-audit --no-fund --loglevel=error)

# Both builds skip debug information: a third less compile time, the same code otherwise.
echo "== build"
UA_CMAKE_ARGS="-DUA_DEPLOY_DEBUG_INFO=OFF" ./scripts/build.sh
echo "== ctest"
ctest --test-dir build --output-on-failure -j2 --timeout 300

# The second build forces the POSIX fallbacks of deploy_engine/fs_ops (what macOS runs) and is
# instrumented with AddressSanitizer and UndefinedBehaviorSanitizer (any finding aborts the
# process): the engine, tool and protocol tests, the hostile-input run of `serve` included,
# run against both.
echo "== build (portable file operations, sanitizers)"
UA_BUILD_DIR="$repo/build-portable" \
  UA_CMAKE_ARGS="-DUA_DEPLOY_PORTABLE_FS=ON -DUA_DEPLOY_SANITIZE=ON -DUA_DEPLOY_INTEROP_TESTS=OFF -DUA_DEPLOY_DEBUG_INFO=OFF" \
  ./scripts/build.sh
echo "== ctest (portable file operations, sanitizers)"
ctest --test-dir build-portable --output-on-failure -j2 --timeout 300
