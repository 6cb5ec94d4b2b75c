"""Diff preview benchmark on the trees bench_tree.py made (10,000 files, ~190 MB, 300 changes:
100 modified, 100 added, 100 removed): `ua-deploy status --diff` (warm hash cache) beside the
status benchmark's own command, `ua-deploy status` (warm), plus the diff work alone: GNU
`diff -ruN` over the same 300 pairs of files, gathered into a folder of their own. The caps
are raised so that every file is diffed. Goal: status --diff <= 1.0x (status + diff -ruN),
which holds only if the preview reads no unchanged file."""
import json
import os
import shutil
import statistics

from bench_common import parse_args, timed

args = parse_args(__doc__)
work = args.work
config_path = os.path.join(work, "config.json")
with open(config_path) as f:
    config = json.load(f)
config["profiles"]["bench"]["diff"] = {"max_file_bytes": 1 << 24, "max_total_bytes": 1 << 30}
with open(config_path, "w") as f:
    json.dump(config, f, indent=2)
dev, prod = os.path.join(work, "dev"), os.path.join(work, "prod")

status = [args.bin, "status", "--config", config_path, "--profile", "bench"]
_, out = timed(status + ["--json"])
pending = json.loads(out)["pending"]
changed = pending["added"] + pending["modified"] + pending["removed"]

# The same pairs for GNU diff: hard links, so diff reads the very same files.
pairs = os.path.join(work, "diff-pairs")
for side, root in (("a", prod), ("b", dev)):
    for rel in changed:
        origin = os.path.join(root, rel)
        if os.path.exists(origin):
            os.makedirs(os.path.dirname(os.path.join(pairs, side, rel)), exist_ok=True)
            os.link(origin, os.path.join(pairs, side, rel))
# All three write to /dev/null through the same shell, so none pays for a pipe to this script.
gnu_diff = ["sh", "-c", 'diff -ruN "$0" "$1" >/dev/null; [ $? -le 1 ]',
            os.path.join(pairs, "a"), os.path.join(pairs, "b")]
quiet = ["sh", "-c", '"$@" >/dev/null', "sh"]
with_diff = status + ["--diff"]

# Warm the page cache and the hash cache; check that every change is shown line by line.
timed(gnu_diff)
timed(status)
_, out = timed(with_diff + ["--json"])
shown = json.loads(out)["diff"]
assert len(shown) == len(changed) and all(d["shown"] == "hunks" for d in shown), "not all diffed"

status_times, diff_times, preview_times = [], [], []
for _ in range(args.runs):  # alternated, so the three see the same machine
    status_times.append(timed(quiet + status)[0])
    diff_times.append(timed(gnu_diff)[0])
    preview_times.append(timed(quiet + with_diff)[0])
status_s, diff_s = statistics.median(status_times), statistics.median(diff_times)
preview_s = statistics.median(preview_times)
baseline = status_s + diff_s

print(f"diff preview benchmark: {len(changed)} changed files of a 10,000-file tree, "
      f"median of {args.runs} runs")
print(f"  {'command':46s} {'seconds':>9s} {'x base':>8s}")
for name, seconds in (("ua-deploy status (warm)", status_s),
                      ("diff -ruN over the changed pairs", diff_s),
                      ("baseline: the two together", baseline),
                      ("ua-deploy status --diff (warm)", preview_s)):
    print(f"  {name:46s} {seconds:9.3f} {seconds / baseline:8.2f}")
ratio = preview_s / baseline
print(f"  goal: status --diff <= 1.0x (status + diff -ruN) -> {'meets' if ratio <= 1.0 else 'MISSES'}")
shutil.rmtree(pairs)
