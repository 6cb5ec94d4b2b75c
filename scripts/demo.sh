#!/usr/bin/env bash
# Installs what is missing, builds ua-deploy, and tells the demo story on the bundled example
# (a small Python MCP server: a dev tree and a production tree) through the real MCP server,
# in a temporary sandbox: status with its diff -> deploy -> status -> a broken change blocked
# by validation -> a change failing its MCP handshake, rolled back automatically -> rollback to the first
# backup -> status with health. scripts/demo_story.py is the scripted MCP client; it checks
# every step and exits non-zero if one did not behave as described. Nothing outside the
# sandbox is written (HOME points into it too). Extra arguments go to demo_story.py (e.g.
# --keep to look at the sandbox afterwards).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"

./scripts/install-deps.sh
./scripts/build.sh --target ua-deploy >/dev/null

exec python3 "$repo/scripts/demo_story.py" --bin "${UA_BUILD_DIR:-$repo/build}/ua-deploy" \
  --examples "$repo/examples" "$@"
