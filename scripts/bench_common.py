"""Helpers shared by the benchmark scripts: arguments, file writing, timed commands."""
import argparse
import os
import subprocess
import tempfile
import time


def parse_args(description):
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--bin", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--large", type=int, default=10000)
    return ap.parse_args()


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def timed(cmd, **kw):
    """Runs cmd; returns (seconds, stdout). A failing command ends the benchmark."""
    t0 = time.perf_counter()
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)
    dt = time.perf_counter() - t0
    if r.returncode != 0:
        raise SystemExit(f"failed ({r.returncode}): {cmd}\n{r.stderr.decode()[-2000:]}")
    return dt, r.stdout


def timed_rss(cmd):
    """Runs cmd; returns (seconds, stdout, peak resident set size of that process in MB)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)  # reaps it and reads its own rusage
        dt = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if proc.returncode != 0:
            raise SystemExit(f"failed ({proc.returncode}): {cmd}\n{err.read().decode()[-2000:]}")
        return dt, out.read(), usage.ru_maxrss / 1024  # ru_maxrss is in KiB on Linux


def print_ratios(rows, baseline_s, width=46):
    """Prints (name, seconds, with_ratio) rows as a table of seconds and ratios to baseline_s."""
    print(f"  {'command':{width}s} {'seconds':>9s} {'x rsync':>8s}")
    for name, seconds, with_ratio in rows:
        ratio = f" {seconds / baseline_s:8.2f}" if with_ratio else ""
        print(f"  {name:{width}s} {seconds:9.3f}{ratio}")


def print_goal(label, ratio, goal):
    verdict = "meets" if ratio <= goal else "MISSES"
    print(f"  goal: {label} <= {goal}x rsync -> {verdict}")
