#!/usr/bin/env python3
"""The demo story of ua-deploy, told through its real MCP server.

Copies the examples folder into a temporary sandbox (HOME points inside it too), makes the
example's dev tree a git repository, starts ONE `ua-deploy serve --config <sandbox>/config.json`
and drives it as an MCP client would (newline-delimited JSON-RPC 2.0 on its stdin/stdout):

  1. status with diff             changes are pending, each shown as a unified diff
  2. deploy                       complete, with a backup ("the first backup")
  3. status                       nothing pending, the deployed version in production
  4. deploy of a broken change    blocked by validation, findings shown, production untouched
  5. deploy failing its handshake rolled back automatically, production untouched
  6. rollback to the first backup production holds the original example files again
  7. status with health           the restored production answers its handshake

Each step prints the tool's human text and then checks its structuredContent and the files on
disk. The variants applied in steps 4 and 5 are patches in examples/variants/, applied to the
dev tree with `git apply` and committed, as a developer's change would be. Exit status: 0 when every step behaved as described, 1
otherwise (the summary says which check failed), 2 for bad usage.

Standard library only. Nothing outside the sandbox is written; the sandbox is removed at the
end unless --keep is given.
"""

import argparse
import hashlib
import json
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
import time

PROTOCOL_VERSION = "2025-11-25"
PROFILE = "unified-agents"
GIT_IDENTITY = ["-c", "user.name=ua-deploy demo", "-c", "user.email=demo@example.invalid"]


class DemoError(Exception):
    """A failure that ends the story: the server hung, died or broke the protocol."""


class StepError(Exception):
    """A failure that ends one step only, such as a tool result without structuredContent."""


class Style:
    def __init__(self, enabled):
        self.enabled = enabled

    def bold(self, text):
        return f"\033[1m{text}\033[0m" if self.enabled else text

    def mark(self, ok):
        if not self.enabled:
            return "ok  " if ok else "FAIL"
        return "\033[32mok  \033[0m" if ok else "\033[31mFAIL\033[0m"


class McpClient:
    """One `ua-deploy serve` child process and a sequential JSON-RPC client for it.

    Every stdout line is parsed; lines that are not JSON-RPC 2.0 objects are kept in
    `non_protocol` (the server must never write them). Stderr is drained and kept.
    """

    def __init__(self, argv, env, cwd, timeout_s):
        self.timeout_s = timeout_s
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, env=env, cwd=cwd)
        self.messages = queue.Queue()
        self.non_protocol = []
        self.notifications = 0
        self.stderr_lines = []
        self.next_id = 1
        threading.Thread(target=self._read_stdout, daemon=True).start()
        threading.Thread(target=self._read_stderr, daemon=True).start()

    def _read_stdout(self):
        for raw in self.proc.stdout:
            line = raw.decode("utf-8", "replace").rstrip("\n")
            try:
                message = json.loads(line)
            except ValueError:
                message = None
            if isinstance(message, dict) and message.get("jsonrpc") == "2.0":
                self.messages.put(message)
            else:
                self.non_protocol.append(line)
        self.messages.put(None)

    def _read_stderr(self):
        for raw in self.proc.stderr:
            self.stderr_lines.append(raw.decode("utf-8", "replace").rstrip("\n"))

    def _send(self, message):
        try:
            self.proc.stdin.write((json.dumps(message) + "\n").encode("utf-8"))
            self.proc.stdin.flush()
        except OSError as e:
            raise DemoError(f"cannot write to the server: {e}") from e

    def notify(self, method, params=None):
        message = {"jsonrpc": "2.0", "method": method}
        if params is not None:
            message["params"] = params
        self._send(message)

    def request(self, method, params):
        request_id = self.next_id
        self.next_id += 1
        self._send({"jsonrpc": "2.0", "id": request_id, "method": method, "params": params})
        deadline = time.monotonic() + self.timeout_s
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise DemoError(f"no answer to {method} within {self.timeout_s:g} s")
            try:
                message = self.messages.get(timeout=remaining)
            except queue.Empty:
                continue
            if message is None:
                raise DemoError(f"the server closed its stdout before answering {method} "
                                f"(exit status {self.proc.poll()})")
            if "method" in message:
                if "id" in message:  # a request from the server: this client offers nothing
                    self._send({"jsonrpc": "2.0", "id": message["id"],
                                "error": {"code": -32601, "message": "not supported"}})
                else:
                    self.notifications += 1
                continue
            if message.get("id") != request_id:
                continue
            if "error" in message:
                raise DemoError(f"{method} answered with JSON-RPC error {message['error']}")
            result = message.get("result")
            if not isinstance(result, dict):
                raise DemoError(f"{method} answered without a result object: {message}")
            return result

    def call_tool(self, name, arguments):
        result = self.request("tools/call", {"name": name, "arguments": arguments})
        if not isinstance(result.get("content"), list):
            raise DemoError(f"{name} returned no content: {result!r}")
        return result

    def close(self):
        """Closes stdin and returns the exit status (None if it had to be killed)."""
        try:
            self.proc.stdin.close()
        except OSError:
            pass
        try:
            return self.proc.wait(timeout=self.timeout_s)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            return None


class Step:
    """One step of the story: its checks, printed as they are made."""

    def __init__(self, style, title):
        self.style = style
        self.title = title
        self.failures = []

    def check(self, ok, what, why=""):
        print(f"  {self.style.mark(ok)} {what}" + ("" if ok or not why else f": {why}"))
        if not ok:
            self.failures.append(what + (f" ({why})" if why else ""))
        return ok

    @property
    def passed(self):
        return not self.failures


def human_text(result):
    first = result["content"][0] if result["content"] else None
    return first.get("text", "") if isinstance(first, dict) else ""


def print_text(text):
    for line in text.splitlines() or [""]:
        print(f"  | {line}")


def snapshot(root):
    """Every entry under root: relative path -> (kind, mode, content digest or link target)."""
    entries = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in dirnames + sorted(filenames):
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, root)
            st = os.lstat(path)
            if os.path.islink(path):
                entries[rel] = ("link", 0, os.readlink(path))
            elif os.path.isdir(path):
                entries[rel] = ("dir", st.st_mode & 0o7777, "")
            else:
                with open(path, "rb") as f:
                    digest = hashlib.sha256(f.read()).hexdigest()
                entries[rel] = ("file", st.st_mode & 0o7777, digest)
    return entries


def describe_difference(before, after):
    changed = sorted(p for p in before.keys() | after.keys() if before.get(p) != after.get(p))
    shown = ", ".join(changed[:5]) + (", ..." if len(changed) > 5 else "")
    return f"{len(changed)} entries differ: {shown}" if changed else "identical"


def pending_of(status):
    pending = status.get("pending") or {}
    return {k: list(pending.get(k) or []) for k in ("added", "modified", "removed")}


def format_pending(pending):
    marks = [f"+{p}" for p in pending["added"]] + [f"~{p}" for p in pending["modified"]]
    marks += [f"-{p}" for p in pending["removed"]]
    return ", ".join(marks) or "nothing"


def production_version(status):
    production = status.get("production")
    return production.get("version") if isinstance(production, dict) else None


class Story:
    def __init__(self, args, style, sandbox):
        self.args = args
        self.style = style
        self.examples = os.path.abspath(args.examples)
        self.sandbox = sandbox
        self.home = os.path.join(sandbox, "home")
        self.copy = os.path.join(sandbox, "examples")
        self.config = os.path.join(self.copy, "config.json")
        self.dev = os.path.join(self.copy, PROFILE, "dev")
        self.prod = os.path.join(self.copy, PROFILE, "prod")
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": self.home,
            "LANG": os.environ.get("LANG", "C.UTF-8"),
            "TMPDIR": os.path.join(sandbox, "tmp"),
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_CONFIG_NOSYSTEM": "1",
        }
        self.steps = []
        self.client = None
        self.first_backup = None
        self.deployed_version = None

    # --- the sandbox and its dev tree --------------------------------------------------------

    def prepare(self):
        shutil.copytree(self.examples, self.copy, symlinks=True)
        os.makedirs(self.home)
        os.makedirs(self.env["TMPDIR"])
        self.git("-c", "init.defaultBranch=main", "init", "-q")
        self.commit("Example server")

    def git(self, *argv):
        done = subprocess.run(["git", "-C", self.dev, *argv], env=self.env, cwd=self.dev,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if done.returncode != 0:
            raise DemoError(f"git {' '.join(argv)} failed: {done.stdout.strip()}")
        return done.stdout

    def commit(self, message):
        self.git("add", "-A")
        self.git(*GIT_IDENTITY, "commit", "-q", "--allow-empty", "-m", message)
        return self.git("rev-parse", "--short", "HEAD").strip()

    def variant_patch(self, variant):
        patch = os.path.join(self.examples, "variants", variant + ".patch")
        if not os.path.isfile(patch):
            raise DemoError(f"no variant {patch}")
        return patch

    def apply_variants(self, variants, message):
        """Applies each variant's patch to the dev tree and commits; returns the files."""
        changed = []
        for variant in variants:
            patch = self.variant_patch(variant)
            for line in self.git("apply", "--numstat", patch).splitlines():
                changed.append(line.split("\t", 2)[2])
            self.git("apply", patch)
        commit = self.commit(message)
        print(f"  dev tree: {', '.join(changed)} changed by examples/variants/"
              f"{{{','.join(v + '.patch' for v in variants)}}}, committed as {commit}")
        return changed

    def restore_dev(self, files):
        original = os.path.join(self.examples, PROFILE, "dev")
        for rel in files:
            shutil.copyfile(os.path.join(original, rel), os.path.join(self.dev, rel))
        self.commit("Revert " + ", ".join(files))

    def managed_equal_to_original_prod(self):
        """Production, VERSION aside, equals the bundled example's production tree."""
        original = snapshot(os.path.join(self.examples, PROFILE, "prod"))
        now = snapshot(self.prod)
        for tree in (original, now):
            tree.pop("VERSION", None)
        return original == now, describe_difference(original, now)

    # --- the MCP session ---------------------------------------------------------------------

    def connect(self, step):
        argv = [self.args.bin, "serve", "--config", self.config]
        self.client = McpClient(argv, self.env, self.sandbox, self.args.timeout)
        init = self.client.request("initialize", {
            "protocolVersion": PROTOCOL_VERSION,
            "capabilities": {},
            "clientInfo": {"name": "demo_story.py", "version": "1.0.0"},
        })
        self.client.notify("notifications/initialized")
        info = init.get("serverInfo") or {}
        print(f"  | {info.get('name')} {info.get('version')}, protocol "
              f"{init.get('protocolVersion')}")
        step.check(init.get("protocolVersion") == PROTOCOL_VERSION,
                   f"initialize negotiated {PROTOCOL_VERSION}", init.get("protocolVersion"))
        listed = self.client.request("tools/list", {}).get("tools") or []
        tools = sorted(str(t.get("name")) for t in listed if isinstance(t, dict))
        print(f"  | tools: {', '.join(tools)}")
        step.check({"ua_self_status", "ua_self_deploy", "ua_self_rollback"} <= set(tools),
                   "tools/list offers ua_self_status, ua_self_deploy and ua_self_rollback")

    def call(self, name, arguments):
        print(f"  -> {name} {json.dumps(arguments)}")
        result = self.client.call_tool(name, arguments)
        print_text(human_text(result))
        if not isinstance(result.get("structuredContent"), dict):
            raise StepError(f"{name} returned no structuredContent")
        return result, result["structuredContent"]

    def backup_ids(self):
        status = self.client.call_tool("ua_self_status", {}).get("structuredContent") or {}
        return [b.get("backup_id") for b in status.get("backups") or []]

    # --- the steps ---------------------------------------------------------------------------

    def step_status_before(self, step):
        result, status = self.call("ua_self_status", {"diff": True})
        pending = pending_of(status)
        step.check(any(pending.values()), "changes are pending: " + format_pending(pending))
        diff = {entry.get("path"): entry for entry in status.get("diff") or []}
        step.check(sorted(diff) == sorted(sum(pending.values(), [])),
                   "the diff shows each pending file", ", ".join(sorted(diff)))
        agents = diff.get("agents.json") or {}
        step.check(agents.get("shown") == "hunks" and any(
            line.startswith("+") for hunk in agents.get("hunks") or [] for line in hunk["lines"]),
                   "agents.json as a unified diff with its changed lines", agents.get("shown"))
        step.check("diff --git a/agents.json b/agents.json" in human_text(result),
                   "the text shows the unified diff")
        original = production_version(status)
        step.check(status.get("version_file") == "ok" and original is not None,
                   f"production runs v{original}", status.get("version_file"))

    def step_deploy(self, step):
        result, deploy = self.call("ua_self_deploy", {"message": "Deploy the reviewer agent"})
        step.check(deploy.get("outcome") == "complete", "outcome complete", deploy.get("outcome"))
        step.check(not result.get("isError"), "not an error result")
        self.first_backup = deploy.get("backup_id")
        step.check(isinstance(self.first_backup, str) and self.first_backup != "",
                   f"backup {self.first_backup} taken before the switch")
        tests = deploy.get("tests") or []
        step.check(bool(tests) and all(t.get("passed") for t in tests),
                   "post-deploy tests passed: " + ", ".join(t.get("name", "?") for t in tests))
        self.deployed_version = deploy.get("version")

    def step_status_after(self, step):
        _, status = self.call("ua_self_status", {})
        pending = pending_of(status)
        step.check(not any(pending.values()), "nothing pending", format_pending(pending))
        version = production_version(status)
        step.check(version is not None and version == self.deployed_version,
                   f"production runs the deployed v{self.deployed_version}", f"v{version}")
        backups = [b.get("backup_id") for b in status.get("backups") or []]
        step.check(self.first_backup in backups, "the first backup is listed",
                   ", ".join(backups) or "no backups")

    def step_blocked(self, step):
        files = self.apply_variants(["broken-json", "broken-python"],
                                    "Add a tester agent; tidy the router")
        try:
            self.check_blocked(step, files)
        finally:
            self.restore_dev(files)

    def check_blocked(self, step, files):
        before = snapshot(self.prod)
        backups_before = self.backup_ids()
        result, deploy = self.call("ua_self_deploy", {"message": "Add a tester agent"})
        step.check(deploy.get("outcome") == "failed", "outcome failed", deploy.get("outcome"))
        step.check(deploy.get("failed_state") == "CHECKING", "stopped in CHECKING",
                   deploy.get("failed_state"))
        step.check(result.get("isError") is True, "an error result (isError)")
        errors = [f for f in deploy.get("validation") or [] if f.get("severity") == "error"]
        print("  findings:")
        for f in errors:
            print(f"    {f.get('path')}:{f.get('line', '?')}:{f.get('column', '?')} "
                  f"[{f.get('validator')}] {f.get('message')}")
        step.check(sorted({f.get("path") for f in errors}) == sorted(files),
                   "a validation error in each broken file: " + ", ".join(files),
                   ", ".join(sorted({str(f.get("path")) for f in errors})) or "no errors")
        step.check(bool(errors) and all(isinstance(f.get("line"), int) for f in errors),
                   "every finding has a line number")
        step.check(deploy.get("backup_id") is None, "no backup taken",
                   str(deploy.get("backup_id")))
        after = snapshot(self.prod)
        step.check(before == after, "production byte-identical to before the step",
                   describe_difference(before, after))
        backups_after = self.backup_ids()
        step.check(backups_after == backups_before, "no new backup on disk",
                   f"{len(backups_before)} before, {len(backups_after)} after")

    def step_rolled_back(self, step):
        files = self.apply_variants(["handshake-fails"], "Say when the server is ready")
        try:
            self.check_rolled_back(step)
        finally:
            self.restore_dev(files)

    def check_rolled_back(self, step):
        before = snapshot(self.prod)
        result, deploy = self.call("ua_self_deploy", {"message": "Startup banner"})
        step.check(deploy.get("outcome") == "rolled_back", "outcome rolled_back",
                   deploy.get("outcome"))
        step.check(result.get("isError") is True, "an error result (isError)")
        errors = [f for f in deploy.get("validation") or [] if f.get("severity") == "error"]
        step.check(not errors, "validation passed",
                   "; ".join(f"{f.get('path')}: {f.get('message')}" for f in errors))
        handshake = [t for t in deploy.get("tests") or [] if t.get("name") == "mcp_handshake"]
        for t in handshake:
            print(f"  mcp_handshake: {'passed' if t.get('passed') else 'failed'} "
                  f"in {t.get('ms')} ms")
            for line in (t.get("output_tail") or "").strip().splitlines()[-6:]:
                print(f"    {line}")
        step.check(len(handshake) == 1 and handshake[0].get("passed") is False,
                   "the mcp_handshake test failed")
        ms = handshake[0].get("ms") if handshake else None
        step.check(isinstance(ms, int) and ms < 5000, "it failed fast, not by timeout",
                   f"{ms} ms")
        step.check(isinstance(deploy.get("backup_id"), str),
                   f"restored from its backup {deploy.get('backup_id')}")
        after = snapshot(self.prod)
        step.check(before == after, "production byte-identical to before the step",
                   describe_difference(before, after))

    def step_rollback(self, step):
        if not self.first_backup:
            step.check(False, "a first backup to roll back to", "step 2 made none")
            return
        _, rollback = self.call("ua_self_rollback", {"backup_id": self.first_backup})
        step.check(rollback.get("outcome") == "complete", "outcome complete",
                   rollback.get("outcome"))
        step.check(rollback.get("restored_backup_id") == self.first_backup,
                   f"restored the first backup {self.first_backup}",
                   rollback.get("restored_backup_id"))
        step.check(rollback.get("restored") is True and rollback.get("verified") is True,
                   "restored and verified")
        step.check(isinstance(rollback.get("safety_backup_id"), str),
                   f"safety backup {rollback.get('safety_backup_id')} undoes it")
        tests = rollback.get("tests") or []
        step.check(all(t.get("passed") for t in tests),
                   "post-deploy tests passed on the restored release: "
                   + (", ".join(t.get("name", "?") for t in tests) or "none configured"))
        equal, why = self.managed_equal_to_original_prod()
        step.check(equal, "production's files equal the original example byte for byte", why)

    def step_health(self, step):
        _, status = self.call("ua_self_status", {"check_health": True})
        health = status.get("health") or {}
        step.check(health.get("status") == "healthy", "production is healthy",
                   f"{health.get('status')}: {health.get('reason')}")
        with open(os.path.join(self.examples, PROFILE, "prod", "VERSION"), "rb") as f:
            original = json.loads(f.read()).get("version")
        version = production_version(status)
        step.check(version == original, f"production runs the original v{original} again",
                   f"v{version}")
        pending = pending_of(status)
        step.check(any(pending.values()), "the dev tree's changes are pending again: "
                   + format_pending(pending))

    def run(self):
        story = [
            ("MCP session: initialize and tools/list", self.connect),
            ("1. status with diff: the pending changes, line by line", self.step_status_before),
            ("2. deploy: complete, backed up first", self.step_deploy),
            ("3. status: production runs the new version", self.step_status_after),
            ("4. deploy a broken change: blocked by validation", self.step_blocked),
            ("5. deploy a change that fails its handshake: rolled back", self.step_rolled_back),
            ("6. rollback to the first backup", self.step_rollback),
            ("7. status with health", self.step_health),
        ]
        self.prepare()
        print(self.style.bold(f"Sandbox: {self.sandbox}"))
        aborted = None
        for title, body in story:
            step = Step(self.style, title)
            self.steps.append(step)
            print("\n" + self.style.bold(f"== {title}"))
            if aborted:
                step.check(False, "not run", aborted)
                continue
            try:
                body(step)
            except StepError as e:
                step.check(False, "the step ran to its end", str(e))
            except DemoError as e:
                step.check(False, "the step ran to its end", str(e))
                aborted = f"stopped after: {e}"
        self.finish()

    def finish(self):
        step = Step(self.style, "MCP server: only JSON-RPC on stdout, clean exit")
        self.steps.append(step)
        print("\n" + self.style.bold(f"== {step.title}"))
        if self.client is None:
            step.check(False, "the server was started")
            return
        status = self.client.close()
        step.check(not self.client.non_protocol, "every stdout line was JSON-RPC 2.0",
                   f"{len(self.client.non_protocol)} other lines, first: "
                   f"{self.client.non_protocol[0][:120]!r}" if self.client.non_protocol else "")
        step.check(status == 0, "exited 0 once its stdin was closed",
                   f"exit status {status}" if status is not None
                   else f"still running {self.args.timeout:g} s later, killed")
        if any(not s.passed for s in self.steps) and self.client.stderr_lines:
            print("  server stderr (last lines):")
            for line in self.client.stderr_lines[-15:]:
                print(f"    {line}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bin", required=True, help="path to the ua-deploy binary")
    parser.add_argument("--examples", required=True, help="the repository's examples folder")
    parser.add_argument("--keep", action="store_true", help="keep the sandbox afterwards")
    parser.add_argument("--timeout", type=float, default=30.0,
                        help="seconds to wait for each answer of the server (default 30)")
    args = parser.parse_args()
    if not os.access(args.bin, os.X_OK):
        parser.error(f"{args.bin} is not an executable")
    if not os.path.isfile(os.path.join(args.examples, "config.json")):
        parser.error(f"{args.examples} holds no config.json")
    args.bin = os.path.abspath(args.bin)

    style = Style(sys.stdout.isatty())
    started = time.monotonic()
    sandbox = tempfile.mkdtemp(prefix="ua-deploy-demo.")
    story = Story(args, style, sandbox)
    try:
        story.run()
    except DemoError as e:
        print(f"\nThe sandbox could not be prepared: {e}")
        story.steps.append(Step(style, f"sandbox ({e})"))
        story.steps[-1].failures.append(str(e))
    finally:
        if story.client is not None and story.client.proc.poll() is None:
            story.client.proc.kill()
            story.client.proc.wait()
        if args.keep:
            print(f"\nSandbox kept: {sandbox}")
        else:
            shutil.rmtree(sandbox, ignore_errors=True)

    print("\n" + style.bold("Summary"))
    for step in story.steps:
        print(f"  {'PASS' if step.passed else 'FAIL'}  {step.title}")
        for failure in step.failures:
            print(f"        {failure}")
    failed = sum(not s.passed for s in story.steps)
    elapsed = time.monotonic() - started
    if failed:
        print(f"{failed} of {len(story.steps)} steps failed ({elapsed:.1f} s).")
        return 1
    print(f"Every step behaved as described ({elapsed:.1f} s).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
