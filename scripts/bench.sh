#!/usr/bin/env bash
# Speed targets, measured as ratios against rsync in the same run on the same trees.
#   status: `ua-deploy status` on a generated 10,000-file tree (~190 MB), with a cold hash
#           cache and a warm one, beside `rsync -an --checksum --delete` (which must also read
#           every byte of both trees to find the same answer). Goal: warm <= 0.5x rsync.
#   deploy: `ua-deploy deploy` (backup + verify + fsync + VERSION, no tests) of 100 files
#           (~1.4 MB) and of N files (~19 KB each), all changed and 10% changed, beside
#           `cp -a` of the replaced files + `rsync -a --checksum`. Goals: 100 files all changed
#           <= 0.7x steady and <= 1.0x first; N files <= 1.5x, first and steady; peak RSS of
#           the N-file deployment < 50 MB. A first deployment with few changes also prints
#           its floor without reflinks (the baseline plus `cp -a` of production).
#   secrets: the time the `secrets` validator adds to a dry run that checks all N files, beside
#           `rsync -an --checksum` of the same tree (both read every byte). Goal: <= 1.0x.
#   diff: `ua-deploy status --diff` (warm) on the same tree's 300 changes, beside the status
#           above plus GNU `diff -ruN` over the same 300 pairs of files. Goal: <= 1.0x.
#   rollback: `ua-deploy rollback` of 100 changed files (of 1,000) and of all N files, beside
#           `rsync -a` from the backup's files/ into production. Goal: <= 1.0x.
# Usage: scripts/bench.sh [--files N] [--runs R]. Writes only under a temporary directory.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
files=10000
runs=5
while [ $# -gt 0 ]; do
  case "$1" in
    --files) files=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    *) echo "usage: $0 [--files N] [--runs R]" >&2; exit 2 ;;
  esac
done

"$repo/scripts/install-deps.sh"
"$repo/scripts/build.sh" --target ua-deploy >/dev/null
bin="${UA_BUILD_DIR:-$repo/build}/ua-deploy"

work=$(mktemp -d "${TMPDIR:-/tmp}/ua-deploy-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
export HOME="$work/home" XDG_CACHE_HOME="$work/home/.cache"
mkdir -p "$HOME"

python3 "$repo/scripts/bench_tree.py" "$work" "$files"

python3 "$repo/scripts/bench_run.py" --bin "$bin" --work "$work" --runs "$runs"
echo
python3 "$repo/scripts/bench_secrets.py" --bin "$bin" --work "$work" --runs "$runs"
echo
python3 "$repo/scripts/bench_diff.py" --bin "$bin" --work "$work" --runs "$runs"
rm -rf "$work/empty-prod" "$work"/backups-*
rm -rf "$work/dev" "$work/prod" "$work/backups"
echo
python3 "$repo/scripts/bench_deploy.py" --bin "$bin" --work "$work" --runs "$runs" --large "$files"
echo
python3 "$repo/scripts/bench_rollback.py" --bin "$bin" --work "$work" --runs "$runs" --large "$files"
