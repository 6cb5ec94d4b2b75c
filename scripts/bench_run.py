"""Times ua-deploy against rsync on the trees bench_tree.py made; prints a table of
medians and ratios. Every timed command runs once untimed first so that both sides see a
warm page cache; "cold" below means a cold ua-deploy hash cache, not a cold page cache."""
import argparse
import glob
import json
import os
import statistics
import subprocess
import time

from bench_common import print_goal, print_ratios

ap = argparse.ArgumentParser()
ap.add_argument("--bin", required=True)
ap.add_argument("--work", required=True)
ap.add_argument("--runs", type=int, default=5)
args = ap.parse_args()
work = args.work
config = os.path.join(work, "config.json")
cache_dir = os.path.join(os.environ["XDG_CACHE_HOME"], "ua-deploy")


def run(cmd):
    t0 = time.perf_counter()
    out = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    dt = time.perf_counter() - t0
    if out.returncode != 0:
        raise SystemExit(f"command failed ({out.returncode}): {' '.join(cmd)}\n{out.stderr.decode()}")
    return dt, out.stdout


def drop_hash_cache():
    for f in glob.glob(os.path.join(cache_dir, "*")):
        os.unlink(f)


def median_of(cmd, before=None):
    times = []
    for _ in range(args.runs):
        if before:
            before()
        times.append(run(cmd)[0])
    return statistics.median(times)


status = [args.bin, "status", "--config", config, "--json"]
rsync = ["rsync", "-an", "--checksum", "--delete", "--include=*/", "--include=*.py",
         "--exclude=*", os.path.join(work, "dev") + "/", os.path.join(work, "prod") + "/"]

# Warm the page cache and check that ua-deploy finds what rsync would change.
run(rsync)
drop_hash_cache()
_, out = run(status)
pending = json.loads(out)["pending"]
changed = len(pending["added"]) + len(pending["modified"]) + len(pending["removed"])

rsync_s = median_of(rsync)
cold_s = median_of(status, before=drop_hash_cache)
run(status)  # fill the cache
warm_s = median_of(status)
_, out = run(status)
cache = json.loads(out)["hash_cache"]

files = sum(1 for _ in glob.iglob(os.path.join(work, "dev", "**", "*.py"), recursive=True))
print(f"status benchmark: {files} files in dev, {changed} pending changes, median of {args.runs} runs")
print(f"  warm hash cache: hits={cache['hits']} misses={cache['misses']}")
print_ratios([("rsync -an --checksum --delete", rsync_s, True),
              ("ua-deploy status (cold hash cache)", cold_s, True),
              ("ua-deploy status (warm hash cache)", warm_s, True)], rsync_s, width=42)
print_goal("warm", warm_s / rsync_s, 0.5)
