#!/usr/bin/env python3
"""The deploy hot path does no repeated work: system calls counted with `strace -f -c`.

Two deployments of the same shape are compared: 100 and 400 changed files spread over the same
10 directories, each in its steady state (an earlier backup exists, so unchanged files would be
hard links). Work done once per directory or once per deployment must not grow with the number
of files:
  - fsync calls (directories are fsynced once per phase, files are flushed by one syncfs);
  - getdents64 calls (each tree is walked once per operation, not once per file);
  - failed mkdir calls (a directory is created once where it is missing, no parent chain is
    tried again, file by file);
  - failed ioctl calls (a filesystem that refuses FICLONE is asked once per thread at most,
    not once per file).
Work done per file has a budget, for a changed file whose digests the cache cannot trust yet
(both sides were written seconds ago): at most 6 openat per extra file (the source and the
production file read once each to plan; the production file and its backup copy; the source
and its staged copy) and 10 stat calls (the two walks; fstat before and after each hash, two
hashes; one per copy, two copies; the check before the switch; the pre-flight's statx).

Counts, not times: the same on a slow or a busy machine. Exits 77 (CTest: skipped) when strace
cannot trace here.

Usage: syscalls_test.py --bin BUILD/ua-deploy
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checklist import Checklist  # noqa: E402

DIRS = 10
OPEN_BUDGET = 6
STAT_BUDGET = 10
STAT_CALLS = ("newfstatat", "fstat", "statx", "stat", "lstat")


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def scenario(root, files, binary, env):
    """A profile with `files` files in DIRS directories, deployed once (v1), then all changed
    in the source (v2): the deployment to measure is the steady one."""
    dev, prod = os.path.join(root, "dev"), os.path.join(root, "prod")
    for i in range(files):
        write(os.path.join(dev, "pkg%02d" % (i % DIRS), "mod%04d.py" % i),
              b"# v1 %d\n" % i + os.urandom(4000).hex().encode())
    config = os.path.join(root, "config.json")
    with open(config, "w") as f:
        json.dump({"default_profile": "p", "log_file": os.path.join(root, "log.jsonl"),
                   "profiles": {"p": {"source": dev, "target": prod,
                                      "backup_dir": os.path.join(root, "backups"),
                                      "include": ["**/*.py"], "keep_backups": 100,
                                      "validators": [], "tests": []}}}, f)
    subprocess.run([binary, "deploy", "--config", config, "--version", "1.0.0"], env=env,
                   check=True, stdout=subprocess.DEVNULL)
    for i in range(files):
        write(os.path.join(dev, "pkg%02d" % (i % DIRS), "mod%04d.py" % i),
              b"# v2 %d\n" % i + os.urandom(4000).hex().encode())
    return config


def counted(config, binary, env, out):
    """(calls, errors) per system call of one `ua-deploy deploy`, threads included."""
    proc = subprocess.run(["strace", "-f", "-c", "-o", out, binary, "deploy", "--config", config,
                           "--version", "2.0.0", "--json"], env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True)
    result = json.loads(proc.stdout)
    if result.get("outcome") != "complete":
        raise SystemExit("the deployment did not complete: %s" % result)
    calls, errors = {}, {}
    with open(out) as f:
        for line in f:
            m = re.match(r"^\s*[\d.]+\s+[\d.]+\s+\d+\s+(\d+)\s+(\d*)\s*(\w+)\s*$", line)
            if m:
                calls[m.group(3)] = int(m.group(1))
                errors[m.group(3)] = int(m.group(2) or 0)
    return calls, errors


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    args = parser.parse_args()
    if not shutil.which("strace"):
        print("SKIP: strace is not installed (apt-get install strace)")
        return 77
    probe = subprocess.run(["strace", "-f", "-c", "-o", "/dev/null", "true"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if probe.returncode != 0:
        print("SKIP: strace cannot trace here: " + probe.stderr.strip())
        return 77

    check = Checklist()
    root = tempfile.mkdtemp(prefix="ua-syscalls-")
    env = dict(os.environ, HOME=root, XDG_CACHE_HOME=os.path.join(root, "cache"))
    try:
        runs = {}
        for files in (100, 400):
            work = os.path.join(root, "n%d" % files)
            config = scenario(work, files, args.bin, env)
            runs[files] = counted(config, args.bin, env, os.path.join(root, "strace-%d" % files))
            print("# %d files: %d calls; fsync %d, getdents64 %d, openat %d, mkdir %d failed, "
                  "ioctl %d failed" % (
                      files, sum(runs[files][0].values()), runs[files][0].get("fsync", 0),
                      runs[files][0].get("getdents64", 0), runs[files][0].get("openat", 0),
                      runs[files][1].get("mkdir", 0), runs[files][1].get("ioctl", 0)))
        (small, small_err), (big, big_err) = runs[100], runs[400]

        def grows(name, counts):
            return counts[1].get(name, 0) - counts[0].get(name, 0)

        for name in ("fsync", "fdatasync", "getdents64"):
            check("%s does not grow with the number of files (%d -> %d)"
                  % (name, small.get(name, 0), big.get(name, 0)),
                  grows(name, (small, big)) == 0)
        check("failed mkdir calls do not grow with the number of files (%d -> %d)"
              % (small_err.get("mkdir", 0), big_err.get("mkdir", 0)),
              grows("mkdir", (small_err, big_err)) == 0)
        # At most one FICLONE per pool thread (up to 4) races the memo, plus isatty's TCGETS.
        check("failed ioctl calls stay within one per thread (%d, %d)"
              % (small_err.get("ioctl", 0), big_err.get("ioctl", 0)),
              small_err.get("ioctl", 0) <= 5 and big_err.get("ioctl", 0) <= 5)
        # The progress record is rewritten by time, not by file: a few calls of slack in all.
        extra_files, slack = 300, 10
        opens = grows("openat", (small, big))
        check("openat per extra file %.2f <= %d" % (opens / extra_files, OPEN_BUDGET),
              opens <= OPEN_BUDGET * extra_files + slack)
        stats = sum(grows(name, (small, big)) for name in STAT_CALLS)
        check("stat calls per extra file %.2f <= %d" % (stats / extra_files, STAT_BUDGET),
              stats <= STAT_BUDGET * extra_files + slack)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return check.exit_code()


if __name__ == "__main__":
    sys.exit(main())
