#!/usr/bin/env python3
"""The QA failure list, run for real on a loop-mounted ext4 image made by this test.

Production lives on the image; each case meets a refusal the way a user would:
  - an immutable file, an append-only file, a read-only bind mount of production, and a file
    owned by another user in a sticky directory with ua-deploy run unprivileged (runuser):
    the pre-flight refuses with one finding per path and the command that removes the
    obstacle, and production is untouched;
  - the filesystem filled between backup and switch by a second writer: ENOSPC hits the
    staging copy, production is untouched;
  - an I/O error from the rename of the third file: the rollback restores the old release;
  - a file made immutable after the pre-flight (the QA report's case): the switch fails on it,
    the rollback skips it (it is still old) and succeeds;
  - a real mix: the rollback itself is refused; the report says which files are new, why, and
    its commands, run as printed, restore the old release.
In every case production ends exactly old or exactly new, the report says which, and every
backup still verifies with sha256sum -c.

Needs root (mount, chattr, runuser); anywhere mounting is refused it says so and exits 77,
which CTest reports as skipped.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

from checklist import Checklist

SKIP = 77
OLD = {"a.py": "A = 'old'\n", "b.py": "B = 'old'\n", "lib/c.py": "C = 'old'\n"}
NEW = {"a.py": "A = 'new'\n", "b.py": "B = 'new'\n", "lib/c.py": "C = 'new'\n",
       "d.py": "D = 'new'\n"}


def sh(*argv, check=True, **kw):
    return subprocess.run(list(argv), check=check, capture_output=True, text=True, **kw)


def write_tree(root, files):
    for rel, text in files.items():
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)


def read_tree(root):
    out = {}
    for base, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".ua-deploy")]
        for name in names:
            path = os.path.join(base, name)
            rel = os.path.relpath(path, root)
            if rel == "VERSION":
                continue
            with open(path) as f:
                out[rel] = f.read()
    return out


class Case:
    """A fresh ext4 image holding production (the old release), a source with the new one."""

    def __init__(self, binary, name, backups_on_image=False, prod_name="prod"):
        self.name = name
        self.work = tempfile.mkdtemp(prefix="ua-faults-")
        os.chmod(self.work, 0o755)
        self.image = os.path.join(self.work, "fs.img")
        self.mnt = os.path.join(self.work, "mnt")
        os.makedirs(self.mnt)
        with open(self.image, "wb") as f:
            f.truncate(16 << 20)
        sh("mkfs.ext4", "-q", "-F", "-m", "0", self.image)
        mounted = sh("mount", "-o", "loop", self.image, self.mnt, check=False)
        if mounted.returncode != 0:
            shutil.rmtree(self.work, ignore_errors=True)
            raise PermissionError(mounted.stderr.strip() or "mount -o loop refused")
        self.mounts = [self.mnt]
        self.prod = os.path.join(self.mnt, prod_name)
        self.dev = os.path.join(self.work, "dev")
        self.home = os.path.join(self.work, "home")
        self.backups = os.path.join(self.mnt if backups_on_image else self.work, "backups")
        os.makedirs(self.home)
        write_tree(self.prod, OLD)
        write_tree(self.dev, NEW)
        self.bin = binary
        self.config = os.path.join(self.work, "config.json")
        with open(self.config, "w") as f:
            json.dump({"log_file": os.path.join(self.home, "deployments.log"),
                       "profiles": {"app": {"source": self.dev, "target": self.prod,
                                            "backup_dir": self.backups,
                                            "include": ["**/*.py"], "validators": [],
                                            "tests": []}}}, f)
        self.flagged = []

    def chattr(self, flag, rel):
        sh("chattr", flag, os.path.join(self.prod, rel))
        if flag.startswith("+"):
            self.flagged.append(os.path.join(self.prod, rel))

    def env(self, extra=None):
        env = dict(os.environ, HOME=self.home, XDG_CACHE_HOME=os.path.join(self.home, "cache"))
        env.pop("UA_DEPLOY_FAULT", None)
        env.update(extra or {})
        return env

    def argv(self, *args, user=None):
        cmd = [self.bin, *args, "--config", self.config]
        return ["runuser", "-u", user, "--", *cmd] if user else cmd

    def deploy(self, *extra, env=None, user=None):
        r = subprocess.run(self.argv("deploy", "--profile", "app", *extra, user=user),
                           capture_output=True, text=True, env=self.env(env), timeout=120)
        result = json.loads(r.stdout) if "--json" in extra and r.stdout.strip() else {}
        return r, result

    def backups_verify(self):
        """Every complete backup: (id, sha256sum -c passed)."""
        out = []
        if not os.path.isdir(self.backups):
            return out
        for name in sorted(os.listdir(self.backups)):
            path = os.path.join(self.backups, name)
            if os.path.isfile(os.path.join(path, "SHA256SUMS")):
                ok = sh("sha256sum", "-c", "--quiet", "SHA256SUMS", cwd=path, check=False)
                out.append((name, ok.returncode == 0))
        return out

    def close(self):
        for path in self.flagged:
            sh("chattr", "-i", "-a", path, check=False)
        for mount in reversed(self.mounts):
            if sh("umount", mount, check=False).returncode != 0:
                sh("umount", "-l", mount, check=False)
        shutil.rmtree(self.work, ignore_errors=True)


class Pause:
    """The FIFOs of UA_DEPLOY_FAULT=<point>=pause: the test learns that the operation reached
    the point, does its part, then lets it go on. Events, not timing."""

    def __init__(self, case):
        self.dir = os.path.join(case.work, "pause")
        os.makedirs(self.dir)
        os.mkfifo(os.path.join(self.dir, "reached"))
        os.mkfifo(os.path.join(self.dir, "resume"))

    def env(self, point):
        return {"UA_DEPLOY_FAULT": point + "=pause", "UA_DEPLOY_FAULT_PAUSE_DIR": self.dir}

    def wait_reached(self):
        with open(os.path.join(self.dir, "reached")) as f:
            return f.readline().strip()

    def resume(self):
        with open(os.path.join(self.dir, "resume"), "w"):
            pass


def finish_by_hand(check, label, case, report, expected):
    """Checks a recovery report's advice: its first command removes a.py's immutable flag, and
    its commands run as a person would paste them give `expected`. Then the next ua-deploy
    command resolves the kept journal although lib/c.py is still immutable: it holds the
    release being restored already, so the restore does not write it."""
    check(label + ": the first command is chattr -i on a.py",
          report.get("commands", [""])[0] == "chattr -i '%s'" % os.path.join(case.prod, "a.py"),
          report.get("commands"))
    for command in report.get("commands", []):
        ran = sh("sh", "-c", command, check=False)
        check(label + ": the report's command works: " + command, ran.returncode == 0, ran.stderr)
    check(label + ": after the commands production is as expected",
          read_tree(case.prod) == expected, read_tree(case.prod))
    status = sh(*case.argv("status", "--profile", "app", "--json"), env=case.env(), check=False)
    check(label + ": the next command resolves the kept journal",
          status.returncode == 0 and not os.path.exists(report.get("journal", "/")) and
          read_tree(case.prod) == expected, status.stderr[-1500:])


def run_paused(case, point, during, extra=("--json",)):
    """Starts a deploy paused at `point`, calls during(), resumes; returns (proc result, json)."""
    pause = Pause(case)
    proc = subprocess.Popen(case.argv("deploy", "--profile", "app", *extra),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=case.env(pause.env(point)))
    reached = pause.wait_reached()
    during()
    pause.resume()
    out, err = proc.communicate(timeout=120)
    result = json.loads(out) if "--json" in extra and out.strip() else {}
    return reached, proc.returncode, result, out, err


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    args = parser.parse_args()
    if os.geteuid() != 0:
        print("skipped: needs root to mount an ext4 image, set file attributes and runuser")
        return SKIP
    for tool in ("mkfs.ext4", "chattr", "runuser", "sha256sum"):
        if shutil.which(tool) is None:
            print("skipped: %s is not installed (e2fsprogs, util-linux, coreutils)" % tool)
            return SKIP
    check = Checklist()

    def preflight(result):
        return [(f["path"], f["message"]) for f in result.get("validation", [])
                if f["validator"] == "preflight"]

    cases = []

    def new_case(name, **kw):
        for done in cases:  # one image mounted at a time: loop devices may be few
            done.close()
        cases.clear()
        try:
            case = Case(args.bin, name, **kw)
        except PermissionError as e:
            raise SystemExit("skipped: mounting a loop device is refused here (%s)" % e)
        cases.append(case)
        return case

    try:
        try:
            first = new_case("immutable file")
        except SystemExit as e:
            print(e)
            return SKIP

        # 1. An immutable file: refused before anything is written, root or not.
        c = first
        c.chattr("+i", "b.py")
        r, result = c.deploy("--json")
        found = preflight(result)
        check("immutable: refused in CHECKING (exit 1)",
              r.returncode == 1 and result.get("failed_state") == "CHECKING", r.stdout + r.stderr)
        check("immutable: one finding naming b.py and chattr -i",
              len(found) == 1 and found[0][0] == "b.py" and "immutable" in found[0][1] and
              "chattr -i '%s'" % os.path.join(c.prod, "b.py") in found[0][1], found)
        check("immutable: production untouched, no backup taken",
              read_tree(c.prod) == OLD and c.backups_verify() == [], read_tree(c.prod))
        text, _ = c.deploy()
        check("immutable: the text report gives the finding a line of its own",
              re.search(r"\n  - b\.py: immutable", text.stdout) is not None, text.stdout)
        c.chattr("-i", "b.py")
        r, result = c.deploy("--json")
        check("immutable: with the flag removed, the deploy completes",
              result.get("outcome") == "complete" and read_tree(c.prod) == NEW, r.stdout)

        # 2. An append-only file.
        c = new_case("append-only file")
        c.chattr("+a", "lib/c.py")
        r, result = c.deploy("--json")
        found = preflight(result)
        check("append-only: one finding naming lib/c.py and chattr -a",
              r.returncode == 1 and len(found) == 1 and found[0][0] == "lib/c.py" and
              "append-only" in found[0][1] and "chattr -a" in found[0][1], found)
        check("append-only: production untouched", read_tree(c.prod) == OLD)

        # 3. A read-only bind mount of production (at a path with a space, which mountinfo
        # escapes); its suggested command makes it writable.
        c = new_case("read-only bind mount", prod_name="prod app")
        sh("mount", "--bind", c.prod, c.prod)
        c.mounts.append(c.prod)
        sh("mount", "-o", "remount,bind,ro", c.prod)
        r, result = c.deploy("--json")
        found = preflight(result)
        check("read-only mount: refused, naming the bind mount and how to remount it",
              r.returncode == 1 and len(found) == 1 and "read-only bind mount" in found[0][1] and
              "mount -o remount,bind,rw '%s'" % c.prod in found[0][1], found)
        check("read-only mount: production untouched", read_tree(c.prod) == OLD)
        command = re.search(r"as root: (.*), then run", found[0][1]).group(1) if found else "false"
        sh("sh", "-c", command)
        r, result = c.deploy("--json")
        check("read-only mount: after the suggested command the deploy completes",
              result.get("outcome") == "complete" and read_tree(c.prod) == NEW, r.stdout)

        # 4. Another user's file in a sticky directory, ua-deploy run unprivileged (from a copy
        # that user can reach: the build tree may be under a private home).
        c = new_case("sticky directory")
        c.bin = os.path.join(c.work, "ua-deploy")
        shutil.copy2(args.bin, c.bin)
        runs = sh("runuser", "-u", "nobody", "--", c.bin, "--version", check=False)
        if runs.returncode != 0:
            print("skipped (sticky): user nobody cannot run %s here: %s" %
                  (c.bin, runs.stderr.strip()))
        os.chmod(c.prod, 0o1777)
        os.chmod(os.path.join(c.prod, "lib"), 0o777)
        for rel in ("a.py", "lib/c.py"):
            shutil.chown(os.path.join(c.prod, rel), "nobody")
        os.makedirs(c.backups)
        for path in (c.backups, c.home):
            shutil.chown(path, "nobody")
        if runs.returncode == 0:
            r, result = c.deploy("--json", user="nobody")
            found = preflight(result)
            check("sticky: as nobody, root's b.py in the sticky directory is the one finding",
                  r.returncode == 1 and len(found) == 1 and found[0][0] == "b.py" and
                  "sticky directory" in found[0][1] and "root (uid 0)" in found[0][1],
                  r.stdout + r.stderr)
            check("sticky: production untouched", read_tree(c.prod) == OLD)

        # 5. The filesystem fills between backup and switch.
        c = new_case("disk full")
        filler = os.path.join(c.mnt, "filler")

        def fill():
            """Writes until the filesystem refuses even one block."""
            with open(filler, "wb", buffering=0) as f:
                for chunk in (1 << 16, 1 << 12, 1 << 10):
                    try:
                        while True:
                            f.write(b"\0" * chunk)
                            os.fsync(f.fileno())
                    except OSError:
                        f.seek(0, os.SEEK_END)

        reached, rc, result, out, err = run_paused(c, "BACKING_UP:after-backup", fill)
        check("disk full: the pause was at the backup's end", reached == "BACKING_UP:after-backup")
        check("disk full: ENOSPC in DEPLOYING, rolled back",
              rc == 1 and result.get("outcome") == "rolled_back" and
              result.get("failed_state") == "DEPLOYING" and
              "No space left" in result.get("failure_reason", ""), out + err)
        check("disk full: production untouched", read_tree(c.prod) == OLD)
        check("disk full: the backup taken is complete and verifies",
              [ok for _, ok in c.backups_verify()] == [True], c.backups_verify())
        os.unlink(filler)

        # 6. An I/O error from the rename of the third file.
        c = new_case("I/O error")
        r, result = c.deploy("--json", env={"UA_DEPLOY_FAULT": "DEPLOYING:rename:3=eio"})
        check("I/O error: rolled back, the error named",
              result.get("outcome") == "rolled_back" and
              "Input/output error" in result.get("failure_reason", ""), r.stdout + r.stderr)
        check("I/O error: production is exactly the old release", read_tree(c.prod) == OLD)
        check("I/O error: the backup verifies", [ok for _, ok in c.backups_verify()] == [True])

        # 7. Made immutable after the pre-flight: the switch fails on it, the rollback skips it.
        c = new_case("immutable after pre-flight")
        reached, rc, result, out, err = run_paused(c, "DEPLOYING:after-journal",
                                                   lambda: c.chattr("+i", "b.py"))
        check("late immutable: the switch failed and the rollback finished",
              result.get("outcome") == "rolled_back" and result.get("failed_state") == "DEPLOYING"
              and "recovery" not in result, out + err)
        check("late immutable: production is exactly the old release", read_tree(c.prod) == OLD)
        check("late immutable: the backup verifies",
              [ok for _, ok in c.backups_verify()] == [True])

        # 8. A real mix: the rollback is refused too; the report's commands finish it.
        c = new_case("mix")

        def freeze():
            c.chattr("+i", "a.py")      # already the new release: cannot be restored
            c.chattr("+i", "lib/c.py")  # still old: the switch fails on it

        reached, rc, result, out, err = run_paused(c, "DEPLOYING:after-rename:2", freeze)
        rec = result.get("recovery", {})
        states = {f["path"]: f["state"] for f in rec.get("files", [])}
        check("mix: failed, the report says a mix from the files themselves",
              result.get("outcome") == "failed" and
              rec.get("headline", "").startswith("production is a mix") and
              states == {"d.py": "new", "a.py": "new", "b.py": "new", "lib/c.py": "old",
                         "VERSION": "old"}, json.dumps(result, indent=1)[:3000])
        check("mix: the files not in the old release are listed first",
              [f["state"] for f in rec.get("files", [])][:3] == ["new", "new", "new"])
        check("mix: the reason names a.py as immutable",
              any("a.py: immutable" in reason for reason in rec.get("reasons", [])), rec)
        check("mix: the journal is kept", os.path.isfile(rec.get("journal", "")), rec)
        finish_by_hand(check, "mix", c, rec, OLD)
        check("mix: the backup verifies", [ok for _, ok in c.backups_verify()] == [True])

        # 9. ua-deploy rollback refused part way, and putting production back refused too.
        c = new_case("rollback refused")
        r, result = c.deploy("--json")
        check("rollback refused: the new release is deployed first",
              result.get("outcome") == "complete" and read_tree(c.prod) == NEW, r.stdout)
        pause = Pause(c)
        proc = subprocess.Popen(c.argv("rollback", "--profile", "app", "--json"),
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                env=c.env(pause.env("ROLLBACK:after-rename:1")))
        pause.wait_reached()
        c.chattr("+i", "a.py")      # restored already: putting it back is refused
        c.chattr("+i", "lib/c.py")  # not reached yet: the rollback's switch fails on it
        pause.resume()
        out, err = proc.communicate(timeout=120)
        result = json.loads(out) if out.strip() else {}
        rec = result.get("recovery", {})
        states = {f["path"]: f["state"] for f in rec.get("files", [])}
        check("rollback refused: failed, production described from its files",
              proc.returncode == 1 and result.get("restored") is False and
              rec.get("headline", "").startswith("production is a mix") and
              states.get("a.py") == "new" and states.get("lib/c.py") == "old",
              json.dumps(result, indent=1)[:3000] + err[-1500:])
        finish_by_hand(check, "rollback refused", c, rec, NEW)  # as before the rollback
        check("rollback refused: every backup verifies",
              all(ok for _, ok in c.backups_verify()) and len(c.backups_verify()) == 2,
              c.backups_verify())
    finally:
        for case in cases:
            case.close()

    return check.exit_code()


if __name__ == "__main__":
    sys.exit(main())
