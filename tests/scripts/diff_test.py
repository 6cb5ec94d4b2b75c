#!/usr/bin/env python3
"""The diff preview through the real binary, compared with GNU diff.

Cases:
  - a real tree (part of Python's standard library) with edits in several files: for every
    modified file the hunks of `ua-deploy deploy --dry-run --diff --json` equal the lines
    `diff -u` prints after its two file headers;
  - a tree of special cases: a binary file, invalid UTF-8, a file over the per-file cap, a
    mode-only change, an added and a removed file (compared with `diff -uN`), CRLF line
    endings, a file without a final newline, and the total cap (with a second profile);
  - secrets: a changed line holding a generated GitHub token and a password assignment is
    hidden, a managed .env shows no line; no output (CLI text, --json, MCP) holds them;
  - under strace, a dry run with --diff opens no unchanged and no unmanaged file;
  - the same plan: the dry run's diff names exactly its files, and the deployment that follows
    changes those files with the same plan digest;
  - each reader: MCP structuredContent has the `diff` array and the text block the unified
    diff; the CLI colours it on a terminal, keeps a pipe plain, and --json is only the object;
    `ua-deploy status --diff` and ua_self_status {diff: true} show the pending change.
"""
import argparse
import json
import os
import pty
import random
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile

from checklist import Checklist
from mcp_session import McpSession
from profile_sandbox import ProfileSandbox

SEED = 20261201
rng = random.Random(SEED)
STDLIB_PARTS = ["json", "email", "http", "textwrap.py", "difflib.py", "argparse.py",
                "configparser.py", "shlex.py", "string.py", "fnmatch.py"]
# A GitHub token of the documented shape, generated here: never a real one.
TOKEN = "ghp_" + "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789")
                         for _ in range(36))
PASSWORD = "Tr0ub4dor-" + "".join(rng.choice("abcdefghijk") for _ in range(8))
ENV_VALUE = "sk-env-" + "".join(rng.choice("0123456789abcdef") for _ in range(24))


class Sandbox(ProfileSandbox):
    def __init__(self, binary):
        super().__init__(binary, "ua-diff-")
        self.env.pop("NO_COLOR", None)

    def preview(self, profile):
        """The --json dry run with a diff, parsed."""
        r = self.run("deploy", "--profile", profile, "--dry-run", "--diff", "--json")
        if r.returncode != 0:
            raise AssertionError("dry run failed (%d): %s %s" % (r.returncode, r.stdout, r.stderr))
        return json.loads(r.stdout)


def write(path, data, mode=None):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())
    if mode is not None:
        os.chmod(path, mode)


def gnu_hunks(old, new):
    """diff -uN's output after its two header lines, as a list of lines (bytes decoded)."""
    r = subprocess.run(["diff", "-uN", old, new], capture_output=True)
    if r.returncode not in (0, 1):
        raise AssertionError("diff failed: %s" % r.stderr)
    return r.stdout.decode("utf-8").split("\n")[2:-1]


def our_hunks(entry):
    lines = []
    for hunk in entry.get("hunks", []):
        lines.append(hunk["header"])
        lines.extend(hunk["lines"])
    return lines


def first_difference(a, b):
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return "line %d: diff -u %r, ours %r" % (i + 1, x, y)
    return "lengths differ: diff -u %d lines, ours %d" % (len(a), len(b))


def edit_python(text, edits):
    """Applies `edits` random edits (replace, insert, delete, blank line, duplicate a block)."""
    lines = text.split("\n")
    for _ in range(edits):
        i = rng.randrange(max(1, len(lines)))
        op = rng.choice(["replace", "insert", "delete", "blank", "duplicate"])
        if op == "replace":
            lines[i] = "    value = %d  # changed" % rng.randrange(1000)
        elif op == "insert":
            lines[i:i] = ["# inserted %d" % rng.randrange(1000), "pass"]
        elif op == "delete":
            del lines[i:i + rng.randint(1, 4)]
        elif op == "blank":
            lines[i:i] = [""]
        else:
            j = rng.randrange(max(1, len(lines)))
            lines[i:i] = lines[j:j + rng.randint(1, 3)]
    return "\n".join(lines)


def edited_stdlib(box, name, parts, files, max_edits):
    """Profile `name`: `parts` of the standard library in prod, the same in dev with `files` of
    its modules edited (1 to `max_edits` random edits each). Returns (src, prod, edited)."""
    # Caps raised so that every edited module (the largest is 110 KB) is diffed.
    src, prod = box.add_profile(name, diff={"max_file_bytes": 1 << 20, "max_total_bytes": 1 << 26})
    stdlib = sysconfig.get_paths()["stdlib"]
    for part in parts:
        origin = os.path.join(stdlib, part)
        ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
        if os.path.isdir(origin):
            shutil.copytree(origin, os.path.join(prod, part), ignore=ignore)
            shutil.copytree(origin, os.path.join(src, part), ignore=ignore)
        else:
            shutil.copy(origin, os.path.join(prod, part))
            shutil.copy(origin, os.path.join(src, part))
    candidates = sorted(os.path.relpath(os.path.join(d, f), src)
                        for d, _, names in os.walk(src) for f in names if f.endswith(".py"))
    edited = rng.sample(candidates, min(files, len(candidates)))
    for rel in edited:
        path = os.path.join(src, rel)
        with open(path, encoding="utf-8") as f:
            text = f.read()
        with open(path, "w", encoding="utf-8") as f:
            f.write(edit_python(text, rng.randint(1, max_edits)))
    return src, prod, edited


def agreement(box, files, max_edits):
    """Measures, prints and returns how many of `files` edited modules get diff -u's hunks."""
    stdlib = sysconfig.get_paths()["stdlib"]
    parts = sorted(f for f in os.listdir(stdlib) if f.endswith(".py"))
    src, prod, edited = edited_stdlib(box, "agreement", parts, files, max_edits)
    diff = {e["path"]: e for e in box.preview("agreement").get("diff", [])}
    same = [rel for rel in edited if diff.get(rel, {}).get("shown") == "hunks" and our_hunks(
        diff[rel]) == gnu_hunks(os.path.join(prod, rel), os.path.join(src, rel))]
    print("%d of %d modules with 1 to %d random edits: hunks equal diff -u's"
          % (len(same), len(edited), max_edits))
    for rel in sorted(set(edited) - set(same)):
        print("  differs:", rel, diff.get(rel, {}).get("shown"))
    return len(same), len(edited)


def stdlib_tree(box, check):
    """Part of the standard library in prod, the same with edits in dev."""
    src, prod, edited = edited_stdlib(box, "stdlib", STDLIB_PARTS, 12, 8)

    result = box.preview("stdlib")
    diff = {e["path"]: e for e in result.get("diff", [])}
    check("stdlib: the preview lists exactly the edited files as modified",
          sorted(diff) == sorted(edited) and sorted(result["files"]["modified"]) == sorted(edited),
          "diff: %s\nedited: %s" % (sorted(diff), sorted(edited)))
    compared = 0
    for rel in edited:
        entry = diff.get(rel, {})
        theirs = gnu_hunks(os.path.join(prod, rel), os.path.join(src, rel))
        ours = our_hunks(entry)
        if check("stdlib: %s: the hunks equal diff -u's" % rel,
                 entry.get("shown") == "hunks" and ours == theirs,
                 "shown %s; %s" % (entry.get("shown"), first_difference(theirs, ours))):
            compared += 1
    check("stdlib: every edited file was compared", compared == len(edited),
          "%d of %d" % (compared, len(edited)))
    return result


def special_cases(box, check):
    src, prod = box.add_profile("cases", diff={"max_file_bytes": 4096})
    # A binary file (PNG header with NUL bytes) and invalid UTF-8 (Latin-1 text).
    write(os.path.join(prod, "logo.png"), b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    write(os.path.join(src, "logo.png"), b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(300))
    write(os.path.join(prod, "latin1.txt"), "caf\xe9 au lait\n".encode("latin-1"))
    write(os.path.join(src, "latin1.txt"), "caf\xe9 cr\xe8me\n".encode("latin-1"))
    # Over the per-file cap (4096 bytes).
    big = "".join("line %d of a long file\n" % i for i in range(400))
    write(os.path.join(prod, "big.txt"), big)
    write(os.path.join(src, "big.txt"), big.replace("line 200 ", "LINE 200 "))
    # A mode-only change.
    write(os.path.join(prod, "run.sh"), "#!/bin/sh\necho hi\n", 0o644)
    write(os.path.join(src, "run.sh"), "#!/bin/sh\necho hi\n", 0o755)
    # Added and removed.
    write(os.path.join(src, "new/added.py"), "def added():\n    return 1\n")
    write(os.path.join(prod, "old/removed.py"), "def removed():\n    return 2\n\n\nremoved()\n")
    # CRLF line endings, and a file without a final newline.
    write(os.path.join(prod, "windows.ini"), "[a]\r\nx=1\r\ny=2\r\nz=3\r\n")
    write(os.path.join(src, "windows.ini"), "[a]\r\nx=1\r\ny=20\r\nz=3\r\n")
    write(os.path.join(prod, "no_newline.txt"), "one\ntwo\nthree")
    write(os.path.join(src, "no_newline.txt"), "one\ntwo\nthree and more")

    result = box.preview("cases")
    diff = {e["path"]: e for e in result.get("diff", [])}
    text = box.run("deploy", "--profile", "cases", "--dry-run", "--diff").stdout

    png = diff.get("logo.png", {})
    check("binary: a NUL byte makes logo.png binary, with sizes and hashes",
          png.get("shown") == "binary" and png["old"]["size"] == 216 and png["new"]["size"] == 316
          and len(png["old"]["sha256"]) == 64 and "hunks" not in png, png)
    check("binary: the text says so as git does",
          "Binary files a/logo.png and b/logo.png differ" in text, text)
    check("binary: invalid UTF-8 makes latin1.txt binary",
          diff.get("latin1.txt", {}).get("shown") == "binary", diff.get("latin1.txt"))

    entry = diff.get("big.txt", {})
    check("per-file cap: big.txt is summarised with sizes, line counts and hashes, truncated",
          entry.get("shown") == "too_large" and entry.get("truncated") is True
          and entry["old"]["lines"] == 400 and entry["new"]["lines"] == 400
          and entry["old"]["size"] == len(big) and "4 KiB" in entry.get("summary", ""), entry)
    check("per-file cap: the text says why and how big",
          re.search(r"\(not shown: over the per-file cap of 4 KiB; before: %d bytes, 400 lines"
                    % len(big), text) is not None, text)

    entry = diff.get("run.sh", {})
    check("mode only: run.sh is a mode change with no hunks",
          entry.get("kind") == "mode" and entry.get("hunks") == []
          and entry["old"]["mode"] == "100644" and entry["new"]["mode"] == "100755", entry)
    check("mode only: the text has git's mode lines",
          "diff --git a/run.sh b/run.sh\nold mode 100644\nnew mode 100755\n" in text, text)

    for rel, kind in [("new/added.py", "added"), ("old/removed.py", "removed"),
                      ("windows.ini", "modified"), ("no_newline.txt", "modified")]:
        entry = diff.get(rel, {})
        theirs = gnu_hunks(os.path.join(prod, rel), os.path.join(src, rel))
        check("%s: %s, and the hunks equal diff -uN's" % (rel, kind),
              entry.get("kind") == kind and our_hunks(entry) == theirs,
              "%s; %s" % (entry.get("kind"), first_difference(theirs, our_hunks(entry))))
    check("added: a new-file diff from /dev/null",
          "new file mode 100644\n--- /dev/null\n+++ b/new/added.py\n@@ -0,0 +1,2 @@" in text, text)
    check("removed: a deletion to /dev/null",
          "deleted file mode 100644\n--- a/old/removed.py\n+++ /dev/null\n@@ -1,5 +0,0 @@" in text,
          text)
    check("CRLF: the changed line keeps its carriage return",
          "+y=20\r" in diff.get("windows.ini", {}).get("hunks", [{}])[0].get("lines", []),
          diff.get("windows.ini"))
    check("no final newline: diff -u's marker is there",
          "\\ No newline at end of file" in our_hunks(diff.get("no_newline.txt", {})),
          diff.get("no_newline.txt"))
    check("per-file cap: the preview is marked truncated; no file reached the total cap",
          result.get("diff_totals", {}).get("truncated") is True  # big.txt was
          and all(e["shown"] != "over_total" for e in diff.values()), result.get("diff_totals"))

    # The total cap: four files with ten changed lines each (about 800 bytes of diff text),
    # and a cap of 2000 bytes: two fit.
    src, prod = box.add_profile("total", diff={"max_total_bytes": 2000})
    for n in range(4):
        old = ["entry %d.%d = %s\n" % (n, i, "x" * 20) for i in range(30)]
        new = [line.replace("x", "y") if i < 10 else line for i, line in enumerate(old)]
        write(os.path.join(prod, "part%d.txt" % n), "".join(old))
        write(os.path.join(src, "part%d.txt" % n), "".join(new))
    result = box.preview("total")
    shown = [e["shown"] for e in result.get("diff", [])]
    check("total cap: the first files are diffed, the rest summarised as over_total",
          shown[:2] == ["hunks", "hunks"] and shown[2:] == ["over_total", "over_total"]
          and result["diff_totals"]["truncated"] is True
          and result["diff_totals"]["text_bytes"] <= 2000, (shown, result.get("diff_totals")))
    text = box.run("deploy", "--profile", "total", "--dry-run", "--diff").stdout
    check("total cap: the text says the diff was truncated and how to see more",
          "(diff truncated: 2 files were summarised by the caps; raise diff.max_file_bytes or "
          "diff.max_total_bytes" in text, text)


def secrets(box, check):
    src, prod = box.add_profile("secret", exclude=["unmanaged/**"])
    base = "".join("setting_%d = %d\n" % (i, i) for i in range(12))
    write(os.path.join(prod, "settings.py"), base)
    write(os.path.join(src, "settings.py"),
          base.replace("setting_5 = 5\n", 'GITHUB_TOKEN = "%s"\ndb_password = "%s"\n'
                       % (TOKEN, PASSWORD)).replace("setting_9 = 9", "setting_9 = 90"))
    write(os.path.join(prod, ".env"), "API_KEY=old-value-123\n")
    write(os.path.join(src, ".env"), "API_KEY=%s\n" % ENV_VALUE)
    write(os.path.join(prod, "unmanaged/notes.txt"), "old\n")
    write(os.path.join(src, "unmanaged/notes.txt"), "new\n")

    result = box.preview("secret")
    diff = {e["path"]: e for e in result.get("diff", [])}
    settings = diff.get("settings.py", {})
    lines = our_hunks(settings)
    check("secret: the token and password lines are one hidden run, the rest is shown",
          "+[2 lines hidden (secret)]" in lines and "-setting_5 = 5" in lines
          and "+setting_9 = 90" in lines and settings.get("hidden_lines") == 2, lines)
    env = diff.get(".env", {})
    check("secret: .env is summarised as secret, with no line and no hash",
          env.get("shown") == "secret" and "hunks" not in env and env["new"]["sha256"] is None
          and "lines hidden (secret)" in env.get("summary", ""), env)
    check("unmanaged: unmanaged/notes.txt is not in the preview", "unmanaged/notes.txt" not in diff,
          sorted(diff))

    # A file the secrets validator flags shows no line at all, even lines it did not flag.
    src, prod = box.add_profile("flagged", validators=[{"type": "secrets"}])
    write(os.path.join(prod, "deploy.py"), "HOST = 'a'\n")
    write(os.path.join(src, "deploy.py"), "HOST = 'b'\nKEY = '%s'\n" % TOKEN)
    r = box.run("deploy", "--profile", "flagged", "--dry-run", "--diff", "--json")
    flagged = json.loads(r.stdout) if r.stdout.startswith("{") else {}
    entry = {e["path"]: e for e in flagged.get("diff", [])}.get("deploy.py", {})
    check("validator: a flagged file fails the dry run and its diff shows no line",
          r.returncode == 1 and entry.get("shown") == "secret" and "hunks" not in entry
          and TOKEN[4:16] not in r.stdout and "HOST = 'b'" not in r.stdout, r.stdout[-1500:])
    outputs = {"--json": json.dumps(result),
               "text": box.run("deploy", "--profile", "secret", "--dry-run", "--diff").stdout,
               "status": box.run("status", "--profile", "secret", "--diff").stdout}
    session = McpSession([box.bin, "serve", "--config", box.config], box.env, "diff-test")
    deploy = session.call("ua_self_deploy", {"profile": "secret", "dry_run": True, "diff": True})
    status = session.call("ua_self_status", {"profile": "secret", "diff": True})
    rest, err = session.close()
    outputs["MCP stdout"] = "".join(session.lines) + rest
    outputs["MCP stderr"] = err
    for where, out in outputs.items():
        leaked = [name for name, value in [("token", TOKEN), ("password", PASSWORD),
                                           (".env value", ENV_VALUE)] if value[4:16] in out]
        check("secret: no piece of a secret in %s" % where, not leaked, leaked)
    check("secret: the text output shows the hidden marker",
          "+[2 lines hidden (secret)]" in outputs["text"], outputs["text"])
    return deploy, status


def opens(box, trace_name, *argv):
    """Runs ua-deploy under strace with an empty hash cache; returns (result, opens per path)."""
    trace = os.path.join(box.root, trace_name)
    # LeakSanitizer cannot run under ptrace: the sanitized build's leak check is off here.
    env = dict(box.env, XDG_CACHE_HOME=tempfile.mkdtemp(dir=box.root),
               ASAN_OPTIONS="detect_leaks=0")
    r = box.run(*argv, env=env,
                prefix=("strace", "-f", "-qq", "-e", "trace=open,openat,openat2", "-o", trace))
    counts = {}
    with open(trace) as f:
        for path in re.findall(r'open[a-z0-9]*\((?:AT_FDCWD|\d+), "([^"]+)"', f.read()):
            if os.path.isfile(path) and path.startswith(box.root):
                rel = os.path.relpath(path, box.root)
                counts[rel] = counts.get(rel, 0) + 1
    return r, counts


def no_unchanged_reads(box, check):
    """strace: the diff preview opens the changed files and nothing else.

    Two dry runs with an empty hash cache each, so both hash every managed file alike: one
    without --diff and one with it. The files the second opens more often are what the diff
    read."""
    if shutil.which("strace") is None:
        check("strace is installed (scripts/install-deps.sh installs it)", False)
        return
    src, prod = box.add_profile("reads", exclude=["private/**"])
    for n in range(20):
        for root in (src, prod):
            write(os.path.join(root, "same%02d.txt" % n), "unchanged %d\n" % n)
    write(os.path.join(prod, "changed.txt"), "before\n")
    write(os.path.join(src, "changed.txt"), "after\n")
    write(os.path.join(src, "private/key.txt"), "never read\n")
    write(os.path.join(prod, "private/key.txt"), "never read either\n")
    argv = ("deploy", "--profile", "reads", "--dry-run", "--json")
    plain, without = opens(box, "plain.trace", *argv)
    diffed, with_diff = opens(box, "diff.trace", *argv, "--diff")
    check("reads: both dry runs succeeded", plain.returncode == 0 and diffed.returncode == 0,
          plain.stderr + diffed.stderr)
    extra = sorted(p for p in with_diff if with_diff[p] > without.get(p, 0))
    check("reads: the diff opens the changed file on both sides and nothing else",
          extra == ["reads/dev/changed.txt", "reads/prod/changed.txt"], extra)
    check("reads: no unmanaged file is opened by either run",
          not [p for p in list(with_diff) + list(without) if "private" in p],
          sorted(set(with_diff) | set(without)))


def same_plan(box, stdlib_preview, check):
    listed = sorted(e["path"] for e in stdlib_preview.get("diff", []))
    files = stdlib_preview["files"]
    planned = sorted(files["added"] + files["modified"] + files["removed"])
    check("same plan: the diff names exactly the dry run's files", listed == planned,
          (listed, planned))
    r = box.run("deploy", "--profile", "stdlib", "--json")
    deployed = json.loads(r.stdout) if r.returncode == 0 else {}
    check("same plan: the deployment that follows changes those files, same plan digest",
          deployed.get("outcome") == "complete" and deployed.get("files") == files
          and deployed.get("plan_digest") == stdlib_preview.get("plan_digest"),
          r.stdout[-2000:] + r.stderr)


def readers(box, deploy, status, check):
    check("MCP: structuredContent has the diff array and its totals",
          isinstance(deploy.get("structuredContent", {}).get("diff"), list)
          and "diff_totals" in deploy["structuredContent"], deploy)
    text = deploy.get("content", [{}])[0].get("text", "")
    check("MCP: the text block holds the unified diff",
          "diff --git a/settings.py b/settings.py\n--- a/settings.py\n+++ b/settings.py\n@@ " in text,
          text)
    check("MCP: ua_self_status {diff: true} shows the pending diff",
          any(e["path"] == "settings.py" for e in status.get("structuredContent", {}).get("diff", []))
          and "diff --git a/settings.py" in status.get("content", [{}])[0].get("text", ""), status)
    plain = box.run("deploy", "--profile", "secret", "--dry-run", "--diff")
    check("CLI: in a pipe the diff is plain", "diff --git" in plain.stdout
          and "\x1b[" not in plain.stdout, plain.stdout)
    as_json = box.run("deploy", "--profile", "secret", "--dry-run", "--diff", "--json")
    try:
        parsed = json.loads(as_json.stdout)
    except ValueError:
        parsed = None
    check("CLI: --json prints only the object", isinstance(parsed, dict) and "diff" in parsed,
          as_json.stdout[:500])
    coloured = on_terminal([box.bin, "deploy", "--profile", "secret", "--dry-run", "--diff",
                            "--config", box.config], box.env)
    check("CLI: on a terminal the diff is coloured as git does (green +, red -, cyan @@)",
          "\x1b[32m+setting_9 = 90\x1b[m" in coloured and "\x1b[31m-setting_5 = 5\x1b[m" in coloured
          and "\x1b[36m@@ " in coloured and "\x1b[1mdiff --git a/settings.py" in coloured, coloured)
    summary = coloured[coloured.index("Found "):coloured.index("diff --git")] \
        if "Found " in coloured and "diff --git" in coloured else coloured
    check("CLI: the summary sentence before the diff is not coloured",
          summary.startswith("Found ") and "\x1b[" not in summary.rstrip("\n\x1b[1m"), summary)
    status_text = box.run("status", "--profile", "secret", "--diff").stdout
    check("CLI: ua-deploy status --diff shows the pending diff",
          "diff --git a/settings.py b/settings.py" in status_text, status_text)


def on_terminal(argv, env):
    """Runs argv with stdout on a pseudo-terminal; returns what it wrote."""
    pid, fd = pty.fork()
    if pid == 0:
        os.execvpe(argv[0], argv, env)
    out = b""
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    os.waitpid(pid, 0)
    return out.decode("utf-8", "replace").replace("\r\n", "\n")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--agreement", type=int, metavar="FILES",
                        help="only measure: edit FILES standard-library modules and count how "
                             "many get diff -u's hunks")
    parser.add_argument("--max-edits", type=int, default=20)
    args = parser.parse_args()
    check = Checklist()
    box = Sandbox(os.path.abspath(args.bin))
    if args.agreement:
        try:
            agreement(box, args.agreement, args.max_edits)
        finally:
            shutil.rmtree(box.root, ignore_errors=True)
        return 0
    try:
        stdlib_preview = stdlib_tree(box, check)
        special_cases(box, check)
        deploy, status = secrets(box, check)
        no_unchanged_reads(box, check)
        same_plan(box, stdlib_preview, check)
        readers(box, deploy, status, check)
    finally:
        if args.keep:
            print("sandbox kept:", box.root)
        else:
            shutil.rmtree(box.root, ignore_errors=True)
    return check.exit_code()


if __name__ == "__main__":
    sys.exit(main())
