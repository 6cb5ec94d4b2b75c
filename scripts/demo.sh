#!/usr/bin/env bash
# Installs what is missing, builds ua-deploy, copies the bundled example (a small Python MCP
# server: a dev tree and a production tree) into a temporary sandbox, and runs the main job
# there: status, a dry run, a deployment, status, a rollback and status again from the shell,
# then the same status through the MCP server. Nothing outside the sandbox is
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

# The dev tree is a git repository, as a real one would be, so VERSION gets stamped with its
# commit.
dev="$sandbox/unified-agents/dev"
git -C "$dev" init -q -b main
git -C "$dev" add -A
git -C "$dev" -c user.name=demo -c user.email=demo@example.invalid commit -qm "Example server"

step "Sandbox: $sandbox (dev tree vs production tree of the example server)"
diff -rq -x .git "$sandbox/unified-agents/prod" "$dev" || true

step "ua-deploy status"
"$bin" status --config "$config"

step "ua-deploy deploy --dry-run (preview: nothing changes)"
"$bin" deploy --config "$config" --dry-run

step "ua-deploy deploy (validate, back up, switch, test, stamp VERSION)"
"$bin" deploy --config "$config"

step "ua-deploy status (after)"
"$bin" status --config "$config"
echo "VERSION:"; cat "$sandbox/unified-agents/prod/VERSION"
echo "Unmanaged files are untouched:"; ls -A "$sandbox/unified-agents/prod" | grep -E '^(\.env|logs|local_config\.json)$'

step "ua-deploy rollback --list (backups, newest first)"
"$bin" rollback --config "$config" --list

step "ua-deploy rollback (restore the newest backup that differs from production; undoable)"
"$bin" rollback --config "$config"

step "ua-deploy status (after the rollback: the example's original production is back)"
"$bin" status --config "$config"
diff -rq -x .git -x VERSION "$repo/examples/unified-agents/prod" "$sandbox/unified-agents/prod" \
  && echo "Production's files equal the original example byte for byte."

step "The same through MCP: ua-deploy serve < examples/session.jsonl"
"$bin" serve --config "$config" < "$repo/examples/session.jsonl" | python3 -c '
import json, sys
for line in sys.stdin:
    msg = json.loads(line)
    if "error" in msg:
        print("error ->", msg["error"]); sys.exit(1)
    result = msg.get("result", {})
    if "serverInfo" in result:
        print("initialize ->", result["serverInfo"]["name"], result["protocolVersion"])
    elif "tools" in result:
        print("tools/list ->", ", ".join(t["name"] for t in result["tools"]))
    elif "content" in result:
        print("tools/call ->", result["content"][0]["text"])
'
step "Done"
