#!/usr/bin/env python3
"""ansible-lint (Debian's, offline) passes on the Ansible side of the repository at its
strictest profile, `production`: the collection ua.deploy (modules, role, callback, galaxy.yml)
linted from its own root, and the playbooks in ansible/ linted with that collection on the
collection path, so that every task's module resolves (a warning that one could not be
resolved fails the test). A control run proves the linter reads these files: the same copy,
with `mode` taken off a task of the role, must fail (risky-file-permissions).

Runs on a copy of ansible/, so the linter's caches never land in the source tree. Exits 77
(CTest: skipped) when ansible-lint is not installed.

Usage: ansible_lint_test.py --source REPO
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checklist import Checklist  # noqa: E402

COLLECTION = os.path.join("collections", "ansible_collections", "ua", "deploy")
PLAYBOOKS = ["rollout.yml", "fleet_rollback.yml"]


def lint(cwd, targets, env):
    proc = subprocess.run(["ansible-lint", "--offline", "--nocolor", "--profile", "production",
                           *targets], cwd=cwd, env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True)
    return proc.returncode, proc.stdout


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--source", required=True)
    args = parser.parse_args()
    if not shutil.which("ansible-lint"):
        print("SKIP: ansible-lint is not installed (apt-get install ansible-lint)")
        return 77
    check = Checklist()
    with tempfile.TemporaryDirectory(prefix="ua-lint-") as root:
        copy = os.path.join(root, "ansible")
        shutil.copytree(os.path.join(args.source, "ansible"), copy,
                        ignore=shutil.ignore_patterns("inventory.yml", "*.jsonl"))
        env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=os.path.join(copy, "collections"),
                   HOME=root, NO_COLOR="1")
        rc, out = lint(os.path.join(copy, COLLECTION), [], env)
        check("ansible-lint passes on the collection (production profile)",
              rc == 0 and "Passed with production profile" in out, out[-4000:])
        rc, out = lint(copy, PLAYBOOKS, env)
        check("ansible-lint passes on the playbooks (production profile)",
              rc == 0 and "Passed with production profile" in out, out[-4000:])
        check("every module of the playbooks resolved", "Unable to" not in out, out[-4000:])
        tasks = os.path.join(copy, COLLECTION, "roles", "install", "tasks", "main.yml")
        with open(tasks) as f:
            text = f.read()
        with open(tasks, "w") as f:
            f.write(text.replace('        mode: "0755"\n', "", 1))
        rc, out = lint(os.path.join(copy, COLLECTION), [], env)
        check("control: a file task without mode fails the lint",
              rc != 0 and "risky-file-permissions" in out, out[-2000:])
    return check.exit_code()


if __name__ == "__main__":
    sys.exit(main())
