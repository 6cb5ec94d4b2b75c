"""Deploy benchmark: `ua-deploy deploy` (backup + verify + fsync + VERSION; no validators, no
post-deploy tests) against what its users did by hand before: `cp -a` of the production
files a change replaces (the backup) plus `rsync -a --checksum` of the source into production,
timed in the same run on identical fresh copies of production. Prints medians and ratios."""
import json
import os
import random
import shutil
import statistics
import subprocess
import time

from bench_common import parse_args, timed, timed_rss, write

args = parse_args(__doc__)


def make_scenario(root, files, avg_size, changed_fraction, seed):
    rng = random.Random(seed)
    dev, pristine = os.path.join(root, "dev"), os.path.join(root, "pristine")
    changed = []
    for i in range(files):
        rel = f"pkg{i // 100:03d}/mod{i % 100:03d}.py"
        size = rng.randint(avg_size // 4, avg_size * 7 // 4)
        data = (f"# module {i}\n".encode() + os.urandom(size // 2).hex().encode())[:size]
        write(os.path.join(dev, rel), data)
        if rng.random() < changed_fraction:
            write(os.path.join(pristine, rel), data[:-1] + b"#")
            changed.append(rel)
        else:
            write(os.path.join(pristine, rel), data)
    write(os.path.join(pristine, ".env"), b"TOKEN=unmanaged\n")
    config = {
        "default_profile": "bench",
        "log_file": os.path.join(root, "deployments.log"),
        "profiles": {"bench": {
            "source": dev, "target": os.path.join(root, "prod"),
            "backup_dir": os.path.join(root, "backups"),
            "include": ["**/*.py"], "exclude": [".env"],
            "keep_backups": 1000, "validators": [], "tests": []}},
    }
    with open(os.path.join(root, "config.json"), "w") as f:
        json.dump(config, f)
    with open(os.path.join(root, "changed.txt"), "w") as f:
        f.write("".join(c + "\n" for c in changed))
    return len(changed)


def fresh(root, keep_backups=False):
    """A fresh copy of production (untimed); backups emptied unless kept."""
    dirs = ["prod", "baseline-backup"] + ([] if keep_backups else ["backups"])
    for d in dirs:
        shutil.rmtree(os.path.join(root, d), ignore_errors=True)
    subprocess.run(["cp", "-a", os.path.join(root, "pristine"), os.path.join(root, "prod")],
                   check=True)
    subprocess.run(["sync"], check=True)


def baseline(root):
    prod = os.path.join(root, "prod")
    backup = os.path.join(root, "baseline-backup")
    os.makedirs(backup)
    t0 = time.perf_counter()
    with open(os.path.join(root, "changed.txt")) as f:
        changed = [l.strip() for l in f if l.strip()]
    if changed:
        subprocess.run(["cp", "-a", "--parents", *changed, backup], cwd=prod, check=True)
    t_cp = time.perf_counter() - t0
    t_rsync, _ = timed(["rsync", "-a", "--checksum", os.path.join(root, "dev") + "/", prod + "/"])
    return t_cp + t_rsync


def deploy(root, rss=None):
    dt, out, peak_mb = timed_rss([args.bin, "deploy", "--config", os.path.join(root, "config.json"),
                                  "--json"])
    result = json.loads(out)
    if result["outcome"] != "complete":
        raise SystemExit(f"deploy outcome {result['outcome']}: {result.get('failure_reason')}")
    if rss is not None:
        rss.append(peak_mb)
    return dt


def floor(root):
    """What any first deployment with an independent backup must at least do on a filesystem
    without reflinks (ext4): copy every production file once, beside the baseline's work."""
    shutil.rmtree(os.path.join(root, "floor-copy"), ignore_errors=True)
    t, _ = timed(["cp", "-a", os.path.join(root, "prod"), os.path.join(root, "floor-copy")])
    shutil.rmtree(os.path.join(root, "floor-copy"), ignore_errors=True)
    return t


def goal_of(files, fraction, mode):
    """The targets: 100 files all changed <= 0.7x steady and <= 1.0x first; the large tree
    <= 1.5x; 100 files with few changes have none of their own (see the floor line)."""
    if files <= 100:
        if fraction < 1.0:
            return None
        return 0.7 if mode == "steady" else 1.0
    return 1.5


scenarios = [(100, 14_000, 1.0), (100, 14_000, 0.1), (args.large, 19_000, 1.0),
             (args.large, 19_000, 0.1)]
print(f"deploy benchmark: median of {args.runs} runs; baseline = cp -a of the replaced files + "
      f"rsync -a --checksum (neither fsyncs)")
print("  first: no earlier backup, so the backup copies every production file it keeps")
print("  steady: an earlier backup of the same production exists, unchanged files are hard links")
print("  both: replaced files keep their inode in the backup. Without reflinks (ext4) a first")
print("  backup must copy every unchanged production file: the floor line says what that costs")
print(f"  {'scenario':42s} {'baseline s':>10s} {'ua-deploy s':>11s} {'ratio':>6s} {'goal':>5s}")
for files, avg, fraction in scenarios:
    root = os.path.join(args.work, f"deploy-{files}-{int(fraction * 100)}")
    n_changed = make_scenario(root, files, avg, fraction, seed=files + int(fraction * 100))
    mb = sum(os.path.getsize(os.path.join(dp, f)) for dp, _, fs in
             os.walk(os.path.join(root, "dev")) for f in fs) / 1e6
    for mode in ("first", "steady"):
        goal = goal_of(files, fraction, mode)
        base_times, ua_times, floor_times, rss = [], [], [], []
        for _ in range(args.runs):
            fresh(root)
            base_times.append(baseline(root))
            fresh(root)
            if mode == "first":
                floor_times.append(floor(root))
            if mode == "steady":
                deploy(root)  # untimed: leaves a backup of this same production
                fresh(root, keep_backups=True)
            ua_times.append(deploy(root, rss))
        b, u = statistics.median(base_times), statistics.median(ua_times)
        label = f"{files} files ({mb:.1f} MB), {n_changed} changed, {mode}"
        verdict = "-" if goal is None else "ok" if u / b <= goal else "MISS"
        goal_text = "no goal of its own" if goal is None else f"goal <= {goal}x"
        print(f"  {label:42s} {b:10.3f} {u:11.3f} {u / b:6.2f} {verdict:>5s}  ({goal_text}; "
              f"peak RSS {max(rss):.0f} MB)")
        if mode == "first" and fraction < 1.0:
            fl = statistics.median(floor_times)
            print(f"  {'':42s} floor without reflinks: baseline + cp -a of production = "
                  f"{(b + fl) / b:.2f}x; ua-deploy is {u / (b + fl):.2f}x of that floor")
        if files > 100:
            print(f"  {'':42s} peak RSS {max(rss):.0f} MB "
                  f"{'ok' if max(rss) < 50 else 'MISS'} (goal < 50 MB)")
    shutil.rmtree(root, ignore_errors=True)
