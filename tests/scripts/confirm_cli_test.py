#!/usr/bin/env python3
"""`ua-deploy deploy` on a profile with "confirm": true, as a person at a terminal meets it.

Each case runs the real binary on a fresh copy of examples/ whose profile asks for a
confirmation:
  - stdin is a pipe and there is no --yes: the question is shown, the command refuses (exit 1)
    and says to use --yes; production is untouched;
  - on a terminal (a pseudo-terminal made here), answering "n" refuses and touches nothing,
    answering "y" deploys;
  - --yes deploys without asking;
  - a dry run needs no confirmation.
"""
import argparse
import hashlib
import json
import os
import pty
import re
import select
import shutil
import subprocess
import sys
import tempfile

from checklist import Checklist


def tree(root):
    out = {}
    for base, _, files in os.walk(root):
        for name in files:
            path = os.path.join(base, name)
            with open(path, "rb") as f:
                out[os.path.relpath(path, root)] = hashlib.sha256(f.read()).hexdigest()
    return out


class Sandbox:
    def __init__(self, source_dir):
        self.root = tempfile.mkdtemp(prefix="ua-confirm-")
        self.examples = os.path.join(self.root, "examples")
        shutil.copytree(os.path.join(source_dir, "examples"), self.examples)
        with open(os.path.join(self.examples, "config.json")) as f:
            config = json.load(f)
        config["profiles"]["unified-agents"]["confirm"] = True
        config["profiles"]["unified-agents"]["tests"] = []
        self.config = os.path.join(self.examples, "config-confirm.json")
        with open(self.config, "w") as f:
            json.dump(config, f)
        self.prod = os.path.join(self.examples, "unified-agents", "prod")
        self.dev = os.path.join(self.examples, "unified-agents", "dev")
        self.env = dict(os.environ, HOME=self.root, XDG_CACHE_HOME=os.path.join(self.root, "cache"))

    def deployed(self):
        prod, dev = tree(self.prod), tree(self.dev)
        return all(prod.get(path) == digest for path, digest in dev.items())

    def cleanup(self):
        shutil.rmtree(self.root, ignore_errors=True)


def run_piped(binary, box, extra):
    return subprocess.run([binary, "deploy", "--config", box.config, *extra],
                          stdin=subprocess.DEVNULL, capture_output=True, text=True,
                          env=box.env, timeout=120)


def run_on_terminal(binary, box, answer):
    """Runs deploy with a pseudo-terminal as stdin and stderr; types `answer` at the prompt."""
    controller, terminal = pty.openpty()
    child = subprocess.Popen([binary, "deploy", "--config", box.config], stdin=terminal,
                             stdout=subprocess.PIPE, stderr=terminal, env=box.env)
    os.close(terminal)
    seen = b""
    answered = False
    while True:
        ready, _, _ = select.select([controller], [], [], 120)
        if not ready:
            child.kill()
            raise AssertionError("no prompt within 120 s; saw: %r" % seen)
        try:
            chunk = os.read(controller, 4096)
        except OSError:  # the child closed the terminal: it has exited
            break
        if not chunk:
            break
        seen += chunk
        if not answered and b"[y/N]" in seen:
            os.write(controller, answer.encode() + b"\n")
            answered = True
    stdout, _ = child.communicate(timeout=120)
    os.close(controller)
    return child.returncode, stdout.decode(), seen.decode(errors="replace"), answered


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--source", required=True)
    args = parser.parse_args()
    check = Checklist()

    box = Sandbox(args.source)
    try:
        before = tree(box.prod)
        r = run_piped(args.bin, box, [])
        check("piped, no --yes: refused with exit 1", r.returncode == 1, r.stderr)
        check("piped, no --yes: the question shows the change",
              "Deploy to production? Profile unified-agents: v0.1.0 -> v0.1.1" in r.stderr
              and "modified (1): agents.json" in r.stderr, r.stderr)
        check("piped, no --yes: the question sums up the diff, line counts per file",
              re.search(r"\nlines: .*agents\.json \+\d+ -\d+", r.stderr) is not None, r.stderr)
        check("piped, no --yes: says how to approve", "--yes" in r.stderr, r.stderr)
        check("piped, no --yes: production untouched", tree(box.prod) == before)

        r = run_piped(args.bin, box, ["--dry-run"])
        check("dry run needs no confirmation", r.returncode == 0 and "Dry run" in r.stdout,
              r.stdout + r.stderr)

        code, out, seen, answered = run_on_terminal(args.bin, box, "n")
        check("terminal, answer n: asked", answered, seen)
        check("terminal, answer n: refused", code == 1 and "not approved" in seen, seen)
        check("terminal, answer n: production untouched", tree(box.prod) == before)

        code, out, seen, answered = run_on_terminal(args.bin, box, "y")
        check("terminal, answer y: deployed", code == 0 and "Deployed v0.1.1" in out, out + seen)
        check("terminal, answer y: production equals the source", box.deployed())
    finally:
        box.cleanup()

    box = Sandbox(args.source)
    try:
        r = run_piped(args.bin, box, ["--yes"])
        check("--yes: deployed without asking",
              r.returncode == 0 and "[y/N]" not in r.stderr and box.deployed(),
              r.stdout + r.stderr)
    finally:
        box.cleanup()

    return check.exit_code()


if __name__ == "__main__":
    sys.exit(main())
