#!/usr/bin/env bash
# Installs what is missing, builds ua-deploy, copies the bundled example (a small Python MCP
# server: a dev tree and a production tree) into a temporary sandbox, and runs the main job
# there: status from the shell and through the MCP server. Nothing outside the sandbox is
# written (HOME points into it too).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"

./scripts/install-deps.sh
./scripts/build.sh --target ua-deploy >/dev/null
bin="$repo/build/ua-deploy"

sandbox=$(mktemp -d "${TMPDIR:-/tmp}/ua-deploy-demo.XXXXXX")
trap 'rm -rf "$sandbox"' EXIT
cp -a "$repo/examples/." "$sandbox/"
export HOME="$sandbox/home"
mkdir -p "$HOME"
config="$sandbox/config.json"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "Sandbox: $sandbox (dev tree vs production tree of the example server)"
diff -rq "$sandbox/unified-agents/prod" "$sandbox/unified-agents/dev" || true

step "ua-deploy status"
"$bin" status --config "$config"

step "ua-deploy status --json"
"$bin" status --config "$config" --json

step "The same through MCP: ua-deploy serve < examples/session.jsonl"
"$bin" serve --config "$config" < "$repo/examples/session.jsonl" | python3 -c '
import json, sys
for line in sys.stdin:
    msg = json.loads(line)
    result = msg.get("result", {})
    if "serverInfo" in result:
        print("initialize ->", result["serverInfo"]["name"], result["protocolVersion"])
    elif "tools" in result:
        print("tools/list ->", ", ".join(t["name"] for t in result["tools"]))
    elif "content" in result:
        print("tools/call ->", result["content"][0]["text"])
    elif "error" in msg:
        print("error ->", msg["error"]); sys.exit(1)
'
step "Done"
