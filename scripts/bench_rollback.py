"""Rollback benchmark: `ua-deploy rollback` (safety backup + journaled switch + re-verify +
VERSION; no post-deploy tests) of 100 changed files and of every file of an N-file tree,
beside `rsync -a` from the backup's files/ into production, timed in the same run on
identical fresh states. Prints medians and ratios (goal: at most 1.0x)."""
import json
import os
import shutil
import statistics
import subprocess
import time

from bench_common import parse_args, timed, write

args = parse_args(__doc__)


def scenario(root, files, changed):
    """v1 deployed, then v2 (with `changed` files different) deployed: production is v2 and
    the newest backup holds v1. Kept as a pristine copy so every run starts the same."""
    dev, prod = os.path.join(root, "dev"), os.path.join(root, "prod")
    for i in range(files):
        rel = f"pkg{i // 100:03d}/mod{i % 100:03d}.py"
        write(os.path.join(dev, rel), (f"# v1 {i}\n".encode() + os.urandom(7000).hex().encode()))
    os.makedirs(prod)
    config = os.path.join(root, "config.json")
    with open(config, "w") as f:
        json.dump({"default_profile": "bench", "log_file": os.path.join(root, "log.jsonl"),
                   "profiles": {"bench": {"source": dev, "target": prod,
                                          "backup_dir": os.path.join(root, "backups"),
                                          "include": ["**/*.py"], "keep_backups": 1000,
                                          "validators": [], "tests": []}}}, f)
    timed([args.bin, "deploy", "--config", config, "--version", "1.0.0"])
    for i in range(changed):
        rel = f"pkg{i // 100:03d}/mod{i % 100:03d}.py"
        write(os.path.join(dev, rel), f"# v2 {i}\n".encode() + os.urandom(7000).hex().encode())
    timed([args.bin, "deploy", "--config", config, "--version", "2.0.0"])
    _, out = timed([args.bin, "rollback", "--config", config, "--list", "--json"])
    backups = json.loads(out)["backups"]
    v1 = next(b for b in backups if b["version"] == "1.0.0")
    for name in ("prod", "backups"):
        subprocess.run(["cp", "-a", os.path.join(root, name), os.path.join(root, "pristine-" + name)],
                       check=True)
    return config, v1["backup_id"]


def reset(root):
    for name in ("prod", "backups"):
        shutil.rmtree(os.path.join(root, name))
        subprocess.run(["cp", "-a", os.path.join(root, "pristine-" + name), os.path.join(root, name)],
                       check=True)
    subprocess.run(["sync"], check=True)


print(f"rollback benchmark: median of {args.runs} runs; baseline = rsync -a from the backup's "
      f"files/ into production (no safety backup, no verification, no fsync)")
print(f"  {'scenario':36s} {'rsync s':>8s} {'ua-deploy s':>11s} {'ratio':>6s} {'goal':>5s}")
for files, changed in ((1000, 100), (args.large, args.large)):
    root = os.path.join(args.work, f"rollback-{files}-{changed}")
    os.makedirs(root)
    config, backup_id = scenario(root, files, changed)
    backup_files = os.path.join(root, "backups", backup_id, "files") + "/"
    prod = os.path.join(root, "prod") + "/"
    base, ua = [], []
    for _ in range(args.runs):
        reset(root)
        base.append(timed(["rsync", "-a", backup_files, prod])[0])
        reset(root)
        dt, out = timed([args.bin, "rollback", "--config", config, "--to", backup_id, "--json"])
        result = json.loads(out)
        if result["outcome"] != "complete" or not result["verified"]:
            raise SystemExit(f"rollback did not complete: {result}")
        ua.append(dt)
    b, u = statistics.median(base), statistics.median(ua)
    label = f"{changed} of {files} files changed"
    print(f"  {label:36s} {b:8.3f} {u:11.3f} {u / b:6.2f} {'ok' if u / b <= 1.0 else 'MISS':>5s}")
    shutil.rmtree(root, ignore_errors=True)
