#!/usr/bin/env bash
# Installs what is missing, builds from nothing, and runs every test through CTest:
# the Catch2 unit and integration tests, and the interop tests with the official MCP
# TypeScript SDK client and the MCP Inspector CLI. Exits non-zero on any failure.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"

./scripts/install-deps.sh
echo "== npm ci (tests/interop)"
(cd tests/interop && npm ci --no-audit --no-fund --loglevel=error)

echo "== build"
./scripts/build.sh
echo "== ctest"
ctest --test-dir build --output-on-failure -j2 --timeout 300

# The portable build forces the POSIX fallbacks of deploy_engine/fs_ops (what macOS runs)
# and runs the engine and tool tests against them too.
echo "== build (portable file operations)"
UA_BUILD_DIR="$repo/build-portable" \
  UA_CMAKE_ARGS="-DUA_DEPLOY_PORTABLE_FS=ON -DUA_DEPLOY_INTEROP_TESTS=OFF" \
  ./scripts/build.sh
echo "== ctest (portable file operations)"
ctest --test-dir build-portable --output-on-failure -j2 --timeout 300
