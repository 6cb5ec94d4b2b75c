"""Secrets validator benchmark on the trees bench_tree.py made (10,000 files, ~190 MB): the
time the `secrets` validator adds to a dry run that must check every file (production empty,
so every file would be written), beside `rsync -an --checksum` of dev/ against prod/, which
also reads every byte. The validator's time is the dry run with it minus the same dry run
without it, both measured in this run. Goal: <= 1.0x rsync."""
import json
import os
import statistics

from bench_common import parse_args, print_goal, print_ratios, timed

args = parse_args(__doc__)
work = args.work
config_path = os.path.join(work, "config.json")
with open(config_path) as f:
    config = json.load(f)
bench = config["profiles"]["bench"]
empty = os.path.join(work, "empty-prod")
os.makedirs(empty, exist_ok=True)
for name, validators in (("scan", [{"type": "secrets"}]), ("plain", [])):
    config["profiles"][name] = dict(bench, target=empty,
                                    backup_dir=os.path.join(work, "backups-" + name),
                                    validators=validators, tests=[])
with open(config_path, "w") as f:
    json.dump(config, f, indent=2)


def dry_run(profile):
    return [args.bin, "deploy", "--dry-run", "--json", "--config", config_path,
            "--profile", profile]


rsync = ["rsync", "-an", "--checksum", "--include=*/", "--include=*.py", "--exclude=*",
         os.path.join(work, "dev") + "/", os.path.join(work, "prod") + "/"]

# Warm the page cache; check that the validator really looked at every file.
timed(rsync)
timed(dry_run("plain"))
_, out = timed(dry_run("scan"))
scanned = len(json.loads(out)["files"]["added"])

rsync_times, with_times, without_times = [], [], []
for _ in range(args.runs):  # alternated, so the three see the same machine
    rsync_times.append(timed(rsync)[0])
    with_times.append(timed(dry_run("scan"))[0])
    without_times.append(timed(dry_run("plain"))[0])
rsync_s = statistics.median(rsync_times)
with_s, without_s = statistics.median(with_times), statistics.median(without_times)
validator_s = max(0.0, with_s - without_s)

print(f"secrets validator benchmark: {scanned} files checked, median of {args.runs} runs")
print_ratios([("rsync -an --checksum (dev against prod)", rsync_s, True),
              ("dry run without validators", without_s, False),
              ("dry run with secrets", with_s, False),
              ("secrets validator (the difference)", validator_s, True)], rsync_s)
print_goal("validator", validator_s / rsync_s, 1.0)
