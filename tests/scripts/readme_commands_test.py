#!/usr/bin/env python3
"""Every command README.md shows is run, so a README that lies fails CI.

Reads README.md and collects every command it shows:
  - each line of a ```sh (bash, shell, console) block;
  - each line of an untagged ``` block: a synopsis such as
    `ua-deploy deploy [--config FILE] [--dry-run] [--version X.Y.Z]`;
  - the `command` + `args` of each server in a ```json block holding "mcpServers" (the Claude
    Desktop config);
  - inline code spans that are commands: `./...`, or a known program with arguments
    (`ua-deploy status --check-health`, `npx @modelcontextprotocol/inspector ...`).
Other ```json blocks are config examples. A ```jsonl block is a protocol session (one JSON-RPC
message per line, client then server): its client messages are sent to `ua-deploy serve` on a
fresh sandbox, in order, and each response shown must match the real one: the same keys with
the same values, except where the README shortens with `…` (a value "…" or a key "…" stands
for anything; "abc…" for a string starting with "abc") and the values that change every run
(taskId, createdAt, lastUpdatedAt, statusMessage), whose presence is checked. A `taskId` the
README shortens is replaced by the one the server handed out; a `tasks/get` shown `completed`
is asked again while the real task is still `working`.
A fenced block in any other language is an error.

A synopsis is expanded: the command without its optional [groups], then once with each group
(each alternative of `[a | b]`). Placeholders get real values (FILE/CONFIG: the sandbox's
config; P: the example's profile; BACKUP_ID: a backup made first; ...); `build/ua-deploy`,
`ua-deploy` and `/path/to/ua-deploy/build/ua-deploy` are the binary under test;
`/home/you/.config/ua-deploy/config.json` is the sandbox's config.

Each run gets a fresh sandbox: a copy of examples/ (dev tree, prod tree, config.json with
relative paths) in a temp dir, with HOME and XDG_CACHE_HOME inside it, run from the sandbox
root (so `examples/config.json` works as written). Without --config, UA_DEPLOY_CONFIG names the
sandbox's config (the README's config discovery). `rollback` runs start from a copy of a
sandbox where the example was deployed once, so there is a backup to restore. Every run must
exit 0 (the README's "0 success"); `--json` output must be a JSON object; `serve` is driven
through initialize + tools/list on stdin and must list the three tools before it exits 0 at
EOF. A `--detach` run must print the id of the operation it started, which `status --wait ID`
then follows to a successful end, so that no operation outlives its sandbox. Runs whose
status or cancel names an ID get a deployment started with --detach and followed to its end.

Not re-run here, but checked to exist (and to accept the options shown):
  ./scripts/demo.sh   its job is the CTest `demo_story` (scripts/demo_story.py);
  ./scripts/test.sh   is what CI runs (.ci/run);
  ./scripts/build.sh  every test run builds with it (test.sh, demo.sh);
  ./scripts/bench.sh  takes minutes even with --files 20 --runs 1 (its 100- and 1,000-file
                      scenarios are fixed and fsync): run by hand.
  the "Many hosts" commands (cmake --build build --target package, ansible-playbook ...):
                      CTest `fleet.rollout` runs them as written (tests/scripts/fleet_test.py).
The Inspector command needs node and tests/interop/node_modules: with --skip-inspector
(CMake passes it when UA_DEPLOY_INTEROP_TESTS is OFF or npm ci was not run) it is reported as
SKIPPED, and only it.

A command this script does not know how to run fails the test: teach it (HANDLERS below).

Usage: readme_commands_test.py --bin BUILD/ua-deploy --source REPO
                               [--node NODE | --skip-inspector REASON] [--readme FILE]
Exit 0 when every command behaved as shown, 1 otherwise, 2 for bad usage.
Standard library only.
"""
import argparse
import concurrent.futures
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import threading
import time

PROFILE = "unified-agents"
SHELL_LANGS = {"sh", "bash", "shell", "console"}
# First words of an inline code span that make it a command (with at least one argument).
PROGRAMS = {"ua-deploy", "build/ua-deploy", "npx", "node", "npm", "python3", "bash", "sh",
            "sudo", "apt-get", "cmake", "ctest", "make", "git"}
BINARY_SPELLINGS = {"ua-deploy", "build/ua-deploy", "/path/to/ua-deploy/build/ua-deploy"}
USER_CONFIG_SPELLINGS = {"/home/you/.config/ua-deploy/config.json"}
INSPECTOR_PACKAGE = "@modelcontextprotocol/inspector"
UA_SUBCOMMANDS = {"serve", "status", "deploy", "rollback", "cancel"}
TOOLS = {"ua_self_status", "ua_self_deploy", "ua_self_rollback"}
PLACEHOLDER = re.compile(r"^[A-Z][A-Z0-9_.]*$")

# Scripts the README shows that install and build: checked, not run (see the docstring).
COVERED_ELSEWHERE = {
    "./scripts/demo.sh": ("CTest `demo_story` runs its story (scripts/demo_story.py)",
                          [("CMakeLists.txt", "add_test(NAME demo_story"),
                           ("scripts/demo.sh", "demo_story.py")]),
    "./scripts/test.sh": ("CI runs it (.ci/run)", [(".ci/run", "./scripts/test.sh")]),
    "./scripts/build.sh": ("scripts/test.sh and scripts/demo.sh build with it",
                           [("scripts/test.sh", "./scripts/build.sh"),
                            ("scripts/demo.sh", "./scripts/build.sh")]),
    "./scripts/bench.sh": ("run by hand: minutes even with --files 20 --runs 1", []),
}
# The "Many hosts" commands need hosts: CTest `fleet.rollout` (tests/scripts/fleet_test.py) runs
# them as written, against three sshd hosts on loopback.
FLEET_EVIDENCE = [("CMakeLists.txt", "add_test(NAME fleet.rollout"),
                  ("tests/scripts/fleet_test.py", "readme_fleet_commands")]


def is_fleet_command(tokens):
    return tokens[0] == "ansible-playbook" or tokens[:4] == ["cmake", "--build", "build",
                                                             "--target"]


def check_fleet_covered(ctx, where):
    for file, needle in FLEET_EVIDENCE:
        with open(os.path.join(ctx.source, file)) as f:
            if needle not in f.read():
                raise Failure(f"{where}: {file} no longer contains {needle!r}: who runs it?")
    return "CTest `fleet.rollout` runs it as written, against three sshd hosts"


class Failure(Exception):
    pass


# ---------------------------------------------------------------------------------------------
# Extraction


class Shown:
    """One command as the README shows it."""

    def __init__(self, kind, text, line, argv=None):
        self.kind = kind  # "shell", "synopsis", "inline", "mcp-server", "transcript"
        self.text = text
        self.line = line
        self.argv = argv  # given directly for mcp-server entries

    def __str__(self):
        return f"README.md:{self.line}: {self.text}"


def extract(readme):
    shown = []
    lines = readme.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        fence = re.match(r"^\s*```\s*([A-Za-z0-9_+-]*)\s*$", line)
        if not fence:
            for span in re.findall(r"`([^`]+)`", line):
                if is_inline_command(span):
                    shown.append(Shown("inline", span.strip(), i + 1))
            i += 1
            continue
        lang = fence.group(1).lower()
        start = i + 1
        j = start
        while j < len(lines) and not re.match(r"^\s*```\s*$", lines[j]):
            j += 1
        if j == len(lines):
            raise Failure(f"README.md:{i + 1}: fenced block is never closed")
        body = lines[start:j]
        if lang in SHELL_LANGS:
            shown += shell_lines(body, start + 1, "shell")
        elif lang == "":
            shown += shell_lines(body, start + 1, "synopsis")
        elif lang == "json":
            shown += mcp_servers(body, start + 1)
        elif lang == "jsonl":
            shown.append(Shown("transcript", "\n".join(body), start + 1))
        else:
            raise Failure(f"README.md:{i + 1}: a ```{lang} block: this test does not know "
                          f"whether it shows commands; teach tests/scripts/readme_commands_test.py")
        i = j + 1
    return shown


def is_inline_command(span):
    span = span.strip()
    if span.startswith("./"):
        return True
    words = span.split()
    return len(words) >= 2 and words[0] in PROGRAMS


def shell_lines(body, first_line, kind):
    out = []
    pending, pending_line = "", None
    for n, raw in enumerate(body, first_line):
        text = raw.rstrip()
        if pending:
            text = pending + " " + text.strip()
        else:
            pending_line = n
        if text.endswith("\\"):
            pending = text[:-1].rstrip()
            continue
        pending = ""
        command = strip_comment(text)
        if command:
            out.append(Shown(kind, command, pending_line))
    return out


def strip_comment(text):
    """The line without a trailing `# comment` (a '#' that starts a word outside quotes)."""
    quote = None
    for k, c in enumerate(text):
        if quote:
            if c == quote:
                quote = None
        elif c in "'\"":
            quote = c
        elif c == "#" and (k == 0 or text[k - 1].isspace()):
            return text[:k].strip()
    return text.strip()


def mcp_servers(body, first_line):
    text = "\n".join(body)
    if "mcpServers" not in text:
        return []  # a config example, not a command
    try:
        doc = json.loads(text)
    except ValueError as e:
        raise Failure(f"README.md:{first_line}: the mcpServers block is not valid JSON: {e}")
    out = []
    for name, server in doc.get("mcpServers", {}).items():
        argv = [server.get("command", "")] + list(server.get("args", []))
        out.append(Shown("mcp-server", f'mcpServers["{name}"]: {shlex.join(argv)}',
                         first_line, argv))
    return out


# ---------------------------------------------------------------------------------------------
# Synopsis expansion


def tokens_of(shown):
    if shown.argv is not None:
        return list(shown.argv)
    # Brackets and bars are their own tokens: "[--to BACKUP_ID | --version X.Y.Z]".
    spaced = re.sub(r"([\[\]|])", r" \1 ", shown.text)
    try:
        return shlex.split(spaced)
    except ValueError as e:
        raise Failure(f"{shown}: cannot be split into words: {e}")


def expand(tokens, where):
    """The argv lists a synopsis stands for: no optional group, then each group (alternative)."""
    required, groups = [], []
    k = 0
    while k < len(tokens):
        t = tokens[k]
        if t == "[":
            end = k + 1
            while end < len(tokens) and tokens[end] != "]":
                if tokens[end] == "[":
                    raise Failure(f"{where}: nested [ ] groups are not supported")
                end += 1
            if end == len(tokens):
                raise Failure(f"{where}: '[' without ']'")
            alternatives, current = [], []
            for t2 in tokens[k + 1:end]:
                if t2 == "|":
                    alternatives.append(current)
                    current = []
                else:
                    current.append(t2)
            alternatives.append(current)
            groups.append((len(required), alternatives))
            k = end + 1
        elif t in ("]", "|"):
            raise Failure(f"{where}: '{t}' outside a [ ] group")
        else:
            required.append(t)
            k += 1
    runs = [required]
    for position, alternatives in groups:
        for alt in alternatives:
            if not alt:
                raise Failure(f"{where}: an empty alternative in a [ ] group")
            runs.append(required[:position] + alt + required[position:])
    return runs


# ---------------------------------------------------------------------------------------------
# Running


class Context:
    def __init__(self, args):
        self.bin = os.path.abspath(args.bin)
        self.source = os.path.abspath(args.source)
        self.examples = os.path.join(self.source, "examples")
        self.node = args.node
        self.skip_inspector = args.skip_inspector
        self.tmp = tempfile.mkdtemp(prefix="ua-readme-")
        self.counter = 0
        self.lock = threading.Lock()

        self.deployed = None  # (root, result) of the sandbox deployed once for rollbacks

    def _new_root(self):
        with self.lock:
            self.counter += 1
            return os.path.join(self.tmp, f"s{self.counter}")

    def sandbox(self):
        root = self._new_root()
        os.makedirs(os.path.join(root, "home"))
        shutil.copytree(self.examples, os.path.join(root, "examples"), symlinks=True)
        return root

    def deployed_sandbox(self):
        """A copy of a sandbox where the example was deployed once (so it has a backup), and
        that deployment's result. The deployment runs once; each caller gets its own copy."""
        with self.lock:
            if self.deployed is None:
                template = os.path.join(self.tmp, "deployed")
                os.makedirs(os.path.join(template, "home"))
                shutil.copytree(self.examples, os.path.join(template, "examples"), symlinks=True)
                self.deployed = (template, deploy_first(self, template))
        template, result = self.deployed
        root = self._new_root()
        shutil.copytree(template, root, symlinks=True)
        return root, result


def sandbox_env(root, with_config):
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": os.environ.get("LANG", "C.UTF-8"),
        "HOME": os.path.join(root, "home"),
        "XDG_CACHE_HOME": os.path.join(root, "home", ".cache"),
    }
    if with_config:
        env["UA_DEPLOY_CONFIG"] = os.path.join(root, "examples", "config.json")
    return env


def run(argv, root, env, stdin_text=None, timeout=60):
    try:
        return subprocess.run(argv, cwd=root, env=env, input=stdin_text,
                              stdin=None if stdin_text is not None else subprocess.DEVNULL,
                              capture_output=True, text=True, timeout=timeout)
    except FileNotFoundError as e:
        raise Failure(f"cannot start {argv[0]}: {e}")
    except subprocess.TimeoutExpired:
        raise Failure(f"`{shlex.join(argv)}` did not finish within {timeout} s")


def tail(text, n=1200):
    text = text.strip()
    return text if len(text) <= n else "..." + text[-n:]


def check_exit(argv, result, expected=0):
    if result.returncode != expected:
        raise Failure(f"`{shlex.join(argv)}` exited {result.returncode}, the README promises "
                      f"{expected}\n  stderr: {tail(result.stderr)}\n  stdout: {tail(result.stdout)}")


def substitute(tokens, values, where):
    out = []
    for t in tokens:
        if t in USER_CONFIG_SPELLINGS:
            out.append(values["FILE"])
        elif PLACEHOLDER.match(t) and not t.startswith("-"):
            if t not in values:
                raise Failure(f"{where}: no value for the placeholder {t}; teach "
                              f"tests/scripts/readme_commands_test.py one")
            out.append(values[t])
        elif t.startswith("/path/to/") or t.startswith("/home/you/"):
            raise Failure(f"{where}: unknown example path {t}")
        else:
            out.append(t)
    return out


def deploy_first(ctx, root):
    """A complete deployment in the sandbox, so a rollback has a backup to restore."""
    cfg = os.path.join(root, "examples", "config.json")
    argv = [ctx.bin, "deploy", "--config", cfg, "--json"]
    r = run(argv, root, sandbox_env(root, False))
    check_exit(argv, r)
    result = json.loads(r.stdout)
    if result.get("outcome") != "complete" or not result.get("backup_id"):
        raise Failure(f"setup deployment for rollback: outcome {result.get('outcome')}")
    return result


def detached_deploy(ctx, root):
    """A deployment started with --detach and followed to its end: an operation id that status
    --wait, status --deployment-id and cancel can name."""
    cfg = os.path.join(root, "examples", "config.json")
    argv = [ctx.bin, "deploy", "--config", cfg, "--detach"]
    r = run(argv, root, sandbox_env(root, False))
    check_exit(argv, r)
    operation_id = r.stdout.strip().splitlines()[0] if r.stdout.strip() else ""
    if not re.match(r"^d\d{8}T\d{6}\.\d{3}Z-[0-9a-f]{4}$", operation_id):
        raise Failure(f"`{shlex.join(argv)}` printed no deployment id: {tail(r.stdout)}")
    follow = [ctx.bin, "status", "--config", cfg, "--wait", operation_id]
    check_exit(follow, run(follow, root, sandbox_env(root, False)))
    return operation_id


SERVE_SESSION = "".join(json.dumps(m) + "\n" for m in [
    {"jsonrpc": "2.0", "id": 1, "method": "initialize",
     "params": {"protocolVersion": "2025-11-25", "capabilities": {},
                "clientInfo": {"name": "readme-test", "version": "1"}}},
    {"jsonrpc": "2.0", "method": "notifications/initialized"},
    {"jsonrpc": "2.0", "id": 2, "method": "tools/list", "params": {}},
])


def run_ua(ctx, args, where):
    """One ua-deploy invocation (args after the binary) in a fresh sandbox."""
    sub = args[0] if args else ""
    if sub == "rollback":
        root, setup = ctx.deployed_sandbox()
    else:
        root = ctx.sandbox()
    operation_id = None
    if sub in ("status", "cancel") and any(PLACEHOLDER.match(t) and t.endswith("ID") for t in args):
        operation_id = detached_deploy(ctx, root)
    values = {"FILE": os.path.join(root, "examples", "config.json"), "P": PROFILE, "L": "info",
              "M": "deployed by the README test"}
    values["CONFIG"] = values["FILE"]
    if sub == "deploy":
        values["X.Y.Z"] = "0.2.0"  # newer than the example's production (0.1.0)
    if operation_id:
        values["ID"] = values["DEPLOYMENT_ID"] = operation_id
    if sub == "rollback":
        values["BACKUP_ID"] = setup["backup_id"]
        values["X.Y.Z"] = setup["previous_version"]
    argv = [ctx.bin] + substitute(args, values, where)
    env = sandbox_env(root, "--config" not in argv)
    if sub == "serve":
        r = run(argv, root, env, stdin_text=SERVE_SESSION, timeout=30)
        check_exit(argv, r)
        answers = {}
        for line in r.stdout.splitlines():
            try:
                message = json.loads(line)
            except ValueError:
                raise Failure(f"`{shlex.join(argv)}` wrote a non-JSON line on stdout: {line!r}")
            if isinstance(message, dict) and "id" in message:
                answers[message["id"]] = message
        names = {t.get("name") for t in answers.get(2, {}).get("result", {}).get("tools", [])}
        if not TOOLS <= names:
            raise Failure(f"`{shlex.join(argv)}`: tools/list answered {sorted(names)}, expected "
                          f"{sorted(TOOLS)}\n  stdout: {tail(r.stdout)}\n  stderr: {tail(r.stderr)}")
        return argv
    r = run(argv, root, env)
    check_exit(argv, r)
    if "--json" in argv:
        try:
            doc = json.loads(r.stdout)
        except ValueError:
            doc = None
        if not isinstance(doc, dict):
            raise Failure(f"`{shlex.join(argv)}`: --json printed no JSON object: {tail(r.stdout)}")
    if args == ["--version"] and not r.stdout.startswith("ua-deploy "):
        raise Failure(f"`{shlex.join(argv)}` printed {r.stdout!r}")
    if "--detach" in argv and "--dry-run" not in argv and "--list" not in argv:
        follow_detached(argv, r, root, values["FILE"])
    return argv


def follow_detached(argv, result, root, config):
    """A --detach run printed the id of an operation that now runs on its own: follow it to its
    end with `status --wait ID`, as the README says, so that it never outlives its sandbox."""
    found = re.search(r"\b[dr]\d{8}T\d{6}\.\d{3}Z-[0-9a-f]{4}\b", result.stdout)
    if not found:
        raise Failure(f"`{shlex.join(argv)}` printed no operation id: {tail(result.stdout)}")
    follow = [argv[0], "status", "--config", config, "--wait", found.group(0)]
    try:
        check_exit(follow, run(follow, root, sandbox_env(root, False)))
    except Failure:
        run([argv[0], "cancel", "--config", config, found.group(0)], root,
            sandbox_env(root, False))
        raise


def run_inspector(ctx, args, where):
    """`npx @modelcontextprotocol/inspector ARGS` with the repository's pinned Inspector."""
    package_dir = os.path.join(ctx.source, "tests", "interop", "node_modules",
                               *INSPECTOR_PACKAGE.split("/"))
    with open(os.path.join(ctx.source, "tests", "interop", "package.json")) as f:
        if INSPECTOR_PACKAGE not in json.load(f).get("dependencies", {}):
            raise Failure(f"{where}: {INSPECTOR_PACKAGE} is not a dependency of tests/interop")
    try:
        with open(os.path.join(package_dir, "package.json")) as f:
            bin_rel = json.load(f)["bin"]["mcp-inspector"]
    except OSError as e:
        raise Failure(f"{where}: the Inspector is not installed (npm ci in tests/interop): {e}")
    root = ctx.sandbox()
    values = {"FILE": os.path.join(root, "examples", "config.json")}
    values["CONFIG"] = values["FILE"]
    args = [ctx.bin if a in BINARY_SPELLINGS else a for a in substitute(args, values, where)]
    argv = [ctx.node, os.path.join(package_dir, bin_rel)] + args
    r = run(argv, root, sandbox_env(root, False), timeout=90)
    check_exit(argv, r)
    try:
        doc = json.loads(r.stdout)
    except ValueError:
        raise Failure(f"`{shlex.join(argv)}` printed no JSON: {tail(r.stdout)}")
    if "--method" in args and args[args.index("--method") + 1] == "tools/list":
        names = {t.get("name") for t in doc.get("tools", [])}
        if not TOOLS <= names:
            raise Failure(f"`{shlex.join(argv)}` listed {sorted(names)}, expected {sorted(TOOLS)}")
    return argv


def check_covered(ctx, script, tokens, where):
    reason, evidence = COVERED_ELSEWHERE[script]
    path = os.path.join(ctx.source, script)
    if not os.access(path, os.X_OK):
        raise Failure(f"{where}: {script} does not exist or is not executable")
    with open(path) as f:
        text = f.read()
    for t in tokens[1:]:
        if t.startswith("--") and not re.search(r"(^|[\s|(])" + re.escape(t) + r"\)", text):
            raise Failure(f"{where}: {script} does not accept {t}")
    for file, needle in evidence:
        with open(os.path.join(ctx.source, file)) as f:
            if needle not in f.read():
                raise Failure(f"{where}: {file} no longer contains {needle!r}, so {script} is "
                              f"not covered as claimed ({reason})")
    return reason


def plan(ctx, shown):
    """(label, [jobs]) for one shown command; a job is a callable returning the argv it ran."""
    where = str(shown)
    if shown.kind == "transcript":
        return "run", None, [("transcript", [shown.text], f"README.md:{shown.line}: a session")]
    tokens = tokens_of(shown)
    if not tokens:
        raise Failure(f"{where}: empty command")
    program = tokens[0]
    if program in COVERED_ELSEWHERE:
        return "covered", check_covered(ctx, program, tokens, where), []
    if is_fleet_command(tokens):
        return "covered", check_fleet_covered(ctx, where), []
    if program == "npx" and len(tokens) > 1 and tokens[1] == INSPECTOR_PACKAGE:
        if ctx.skip_inspector:
            return "skipped", ctx.skip_inspector, []
        runs = expand(tokens[2:], where)
        return "run", None, [("inspector", r, where) for r in runs]
    if program in BINARY_SPELLINGS:
        runs = expand(tokens[1:], where)
        first = runs[0][0] if runs[0] else ""
        if first not in UA_SUBCOMMANDS and runs[0] != ["--version"]:
            raise Failure(f"{where}: `ua-deploy {first}` is not a command this test knows how to "
                          f"run; teach tests/scripts/readme_commands_test.py")
        return "run", None, [("ua", r, where) for r in runs]
    raise Failure(f"{where}: this test does not know how to run `{program}`; teach "
                  f"tests/scripts/readme_commands_test.py (HANDLERS) or fix the README")


# Values a session shows that differ on every run: only their presence is checked.
VOLATILE_KEYS = {"taskId", "createdAt", "lastUpdatedAt", "statusMessage"}
ELLIPSIS = "\u2026"


def matches_shown(shown, real, path, errors):
    """Appends to `errors` where `real` differs from what the README shows."""
    if shown == ELLIPSIS:
        return
    if isinstance(shown, dict):
        if not isinstance(real, dict):
            errors.append(f"{path}: expected an object, got {json.dumps(real)[:200]}")
            return
        for key, value in shown.items():
            if key == ELLIPSIS:
                continue
            if key not in real:
                errors.append(f"{path}/{key}: missing")
            elif key not in VOLATILE_KEYS:
                matches_shown(value, real[key], f"{path}/{key}", errors)
    elif isinstance(shown, list):
        if not isinstance(real, list):
            errors.append(f"{path}: expected an array, got {json.dumps(real)[:200]}")
        elif ELLIPSIS not in shown:
            if len(shown) != len(real):
                errors.append(f"{path}: {len(real)} items, the README shows {len(shown)}")
            for i, (a, b) in enumerate(zip(shown, real)):
                matches_shown(a, b, f"{path}/{i}", errors)
    elif isinstance(shown, str) and shown.endswith(ELLIPSIS):
        if not (isinstance(real, str) and real.startswith(shown[:-1])):
            errors.append(f"{path}: {json.dumps(real)[:200]} does not start with {shown[:-1]!r}")
    elif shown != real:
        errors.append(f"{path}: {json.dumps(real)[:200]}, the README shows {json.dumps(shown)}")


def run_transcript(ctx, args, where):
    """Replays a README protocol session against `ua-deploy serve` (see the docstring)."""
    shown = []
    for n, line in enumerate(args[0].split("\n")):
        if not line.strip():
            continue
        try:
            shown.append(json.loads(line))
        except ValueError as e:
            raise Failure(f"{where}, line {n + 1}: not JSON: {e}")
    root = ctx.sandbox()
    argv = [ctx.bin, "serve", "--config", os.path.join(root, "examples", "config.json")]
    child = subprocess.Popen(argv, cwd=root, env=sandbox_env(root, False), text=True,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL)
    errors, task_id = [], None

    def ask(message):
        child.stdin.write(json.dumps(message) + "\n")
        child.stdin.flush()
        for line in child.stdout:
            answer = json.loads(line)
            if answer.get("id") == message["id"] and "method" not in answer:
                return answer
        raise Failure(f"{where}: serve exited before it answered {json.dumps(message)[:200]}")

    try:
        for i, message in enumerate(shown):
            if "method" not in message:
                continue
            reply = next((m for m in shown[i + 1:] if "method" not in m
                          and m.get("id") == message.get("id")), None)
            params = message.get("params", {})
            if isinstance(params.get("taskId"), str) and ELLIPSIS in params["taskId"]:
                params["taskId"] = task_id
            real = ask(message)
            tries = 0
            while (reply and message["method"] == "tasks/get"
                   and reply.get("result", {}).get("status") == "completed"
                   and real.get("result", {}).get("status") == "working" and tries < 100000):
                real, tries = ask(message), tries + 1
            if isinstance(real.get("result"), dict) and "taskId" in real["result"]:
                task_id = real["result"]["taskId"]
            if reply is not None:
                matches_shown(reply, real, f"id {message.get('id')}", errors)
    finally:
        child.stdin.close()
        child.wait(timeout=30)
    if errors:
        raise Failure(f"{where}: the server answered otherwise:\n  " + "\n  ".join(errors[:20]))
    return argv


HANDLERS = {"ua": run_ua, "inspector": run_inspector, "transcript": run_transcript}


def timed(handler, ctx, argv, where):
    start = time.monotonic()
    handler(ctx, argv, where)
    return time.monotonic() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", required=True, help="the ua-deploy binary under test")
    parser.add_argument("--source", required=True, help="the repository root")
    parser.add_argument("--readme", help="README to check (default: SOURCE/README.md)")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--node", default="node", help="node, for the Inspector command")
    group.add_argument("--skip-inspector", metavar="REASON",
                       help="do not run the Inspector command; say why")
    parser.add_argument("-j", "--jobs", type=int, default=4)
    args = parser.parse_args()
    ctx = Context(args)
    readme_path = args.readme or os.path.join(ctx.source, "README.md")
    failures = []
    unique = {}
    try:
        with open(readme_path, encoding="utf-8") as f:
            shown = extract(f.read())
        if not shown:
            raise Failure(f"{readme_path}: no commands found; is the extraction broken?")
        planned = []
        for s in shown:
            try:
                planned.append((s,) + plan(ctx, s))
            except Failure as e:
                failures.append(str(e))
                planned.append((s, "failed", None, []))
        # Run every distinct invocation once, in parallel; each has its own sandbox.
        for s, _, _, jobs in planned:
            for kind, argv, where in jobs:
                unique.setdefault((kind, tuple(argv)), where)
        results, seconds = {}, {}
        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            futures = {pool.submit(timed, HANDLERS[kind], ctx, list(argv), where): (kind, argv)
                       # The Inspector (node) is the slowest: start it first.
                       for (kind, argv), where in sorted(unique.items(),
                                                         key=lambda kv: kv[0][0] != "inspector")}
            for future, key in futures.items():
                try:
                    seconds[key] = future.result()
                    results[key] = None
                except Failure as e:
                    results[key] = str(e)
        for s, status, note, jobs in planned:
            if status == "covered":
                print(f"covered  {s}\n         not run here: {note}")
            elif status == "skipped":
                print(f"SKIPPED  {s}\n         {note}")
            elif status == "run":
                errors = [results[(k, tuple(a))] for k, a, _ in jobs if results[(k, tuple(a))]]
                slowest = max((seconds.get((k, tuple(a)), 0) for k, a, _ in jobs), default=0)
                print(f"{'ok  ' if not errors else 'FAIL'}     {s}  ({len(jobs)} run(s), "
                      f"slowest {slowest:.1f} s)")
                for e in dict.fromkeys(errors):
                    failures.append(e)
                    print("         " + e.replace("\n", "\n         "))
            else:
                print(f"FAIL     {s}")
    except Failure as e:
        failures.append(str(e))
    finally:
        shutil.rmtree(ctx.tmp, ignore_errors=True)
    if failures:
        print(f"\n{len(failures)} problem(s):", file=sys.stderr)
        for f in dict.fromkeys(failures):
            print("  " + f.replace("\n", "\n  "), file=sys.stderr)
        return 1
    print(f"\nevery command README.md shows behaved as shown ({len(unique)} distinct runs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
