#!/usr/bin/env python3
"""Thousands of hostile messages of both protocol eras against `ua-deploy serve`.

The messages are generated from a seed (printed, and settable with --seed to replay a failure):
valid requests of both eras with unique ids, and the same requests broken: wrong types, odd
ids (null, fractions, booleans, objects, huge numbers), deep nesting, huge strings, broken
UTF-8, truncated lines, batches, and path-like tool arguments ("../../etc/passwd", absolute
paths, NUL bytes). Tool calls are previews and status (and bad arguments), run on a copy of
examples/ (its profile without validators and tests), so nothing real is touched.

Asserted:
  - every stdout line is JSON-RPC 2.0: a response (result or error) or a notification, or a
    batch of those; nothing else ever reaches stdout;
  - every well-formed request (an object with jsonrpc "2.0", a string method and a string or
    integer id) is answered exactly once, and no response names an id that was not sent;
  - the process still answers at the end (server/discover after everything else);
  - it exits 0 within 10 s of EOF on stdin, and its stderr holds no sanitizer report (the test
    suite runs this against the AddressSanitizer + UndefinedBehaviorSanitizer build too).
"""
import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time

MODERN_META = {
    "io.modelcontextprotocol/protocolVersion": "2026-07-28",
    "io.modelcontextprotocol/clientCapabilities": {},
}
TOOLS = ["ua_self_status", "ua_self_deploy", "ua_self_rollback", "nope", ""]
METHODS = ["initialize", "ping", "tools/list", "tools/call", "logging/setLevel",
           "server/discover", "tasks/get", "tasks/update", "tasks/cancel", "resources/list",
           "notifications/initialized", "notifications/cancelled", ""]
PATHS = ["../../etc/passwd", "/etc/shadow", "..", "profile/../../x", "a\u0000b", "~root",
         "$HOME/x", "${PATH}", "C:\\\\windows", "unified-agents:" + "0" * 32, "%s%n%x"]


def deep_text(depth):
    """JSON text nested `depth` levels deep (written as text: Python's encoder would recurse)."""
    opening = "".join('{"k":' if i % 2 else "[" for i in range(depth))
    closing = "".join("}" if i % 2 else "]" for i in reversed(range(depth)))
    return opening + "1" + closing


DEEP_MARKER = "__deep_%d__"


DEEP_TEXTS = {depth: deep_text(depth) for depth in (50, 5000, 100000)}
DEEPEST_LINE = deep_text(200000).encode()


def encode(message):
    """json.dumps, with every DEEP_MARKER string replaced by JSON nested that deep."""
    text = json.dumps(message)
    for depth, deep in DEEP_TEXTS.items():
        marker = '"%s"' % (DEEP_MARKER % depth)
        if marker in text:
            text = text.replace(marker, deep)
    return text.encode()


class Generator:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.next_id = 0
        self.sent_ids = set()  # json.dumps of every id put on a line, readable or not

    def unique_id(self):
        self.next_id += 1
        return self.next_id if self.rng.random() < 0.5 else "r-%d" % self.next_id

    def odd_value(self):
        r = self.rng
        choice = r.randrange(12)
        if choice == 0:
            return None
        if choice == 1:
            return r.random() * 1e6
        if choice == 2:
            return r.choice([True, False])
        if choice == 3:
            return 2 ** 80
        if choice == 4:
            return -(2 ** 63)
        if choice == 5:
            return "x" * r.choice([0, 1, 4096, 200_000])
        if choice == 6:
            return DEEP_MARKER % r.choice([50, 5000, 100000])
        if choice == 7:
            return r.choice(PATHS)
        if choice == 8:
            return {"$ref": "http://example.invalid/schema"}
        if choice == 9:
            return ["a", 1, None, {"b": []}]
        if choice == 10:
            return "\ud83d\ude00 \u202e rtl \u0007"
        return {}

    def arguments(self):
        r = self.rng
        args = {"dry_run": True}
        for _ in range(r.randrange(4)):
            key = r.choice(["profile", "dry_run", "version", "message", "wait_s", "cancel",
                            "list", "backup_id", "deployment_id", "check_health", "extra"])
            args[key] = r.choice(PATHS) if r.random() < 0.4 else self.odd_value()
        # Never a real change: previews only (a broken dry_run is refused before anything runs).
        if args.get("dry_run") is not True and not isinstance(args.get("dry_run"), (str, dict)):
            args["dry_run"] = True
        args.pop("cancel", None) if r.random() < 0.5 else None
        return args

    def params(self, method, modern):
        r = self.rng
        params = {}
        if method == "initialize":
            params = {"protocolVersion": r.choice(["2025-11-25", "2025-03-26", "1999", 7]),
                      "capabilities": r.choice([{}, {"elicitation": {}}, []]),
                      "clientInfo": {"name": r.choice(["fuzz", 5]), "version": "1"}}
        elif method == "tools/call":
            params = {"name": r.choice(TOOLS), "arguments": self.arguments()}
            if r.random() < 0.2:
                params["_meta"] = {"progressToken": self.odd_value()}
        elif method == "logging/setLevel":
            params = {"level": r.choice(["debug", "error", "loud", 3])}
        elif method.startswith("tasks/"):
            params = {"taskId": r.choice(PATHS + ["x", 7, None]),
                      "inputResponses": r.choice([{}, {"confirm-1": {"action": "accept"}}, []])}
        elif method == "notifications/cancelled":
            params = {"requestId": self.odd_value()}
        elif method == "tools/list":
            if r.random() < 0.3:
                params = {"cursor": self.odd_value()}
        if modern:
            meta = dict(MODERN_META)
            if r.random() < 0.15:
                meta["io.modelcontextprotocol/protocolVersion"] = self.odd_value()
            if r.random() < 0.1:
                del meta["io.modelcontextprotocol/clientCapabilities"]
            if r.random() < 0.2:
                meta["io.modelcontextprotocol/clientCapabilities"] = {
                    "extensions": {"io.modelcontextprotocol/tasks": {}}, "elicitation": {}}
            if r.random() < 0.2:
                meta["io.modelcontextprotocol/logLevel"] = r.choice(["debug", "info", "nope"])
            params.setdefault("_meta", {}).update(meta)
        return params

    def well_formed(self):
        r = self.rng
        method = r.choice(METHODS)
        message = {"jsonrpc": "2.0", "id": self.unique_id(), "method": method,
                   "params": self.params(method, modern=r.random() < 0.5)}
        self.sent_ids.add(json.dumps(message["id"]))
        return message

    def line(self):
        """(bytes of one line, the id it must be answered under or None)."""
        r = self.rng
        kind = r.randrange(10)
        if kind <= 4:
            message = self.well_formed()
            return encode(message), message["id"]
        message = self.well_formed()
        if kind == 5:  # a broken member
            key = r.choice(["jsonrpc", "id", "method", "params"])
            message[key] = self.odd_value()
            mid = message.get("id")
            self.sent_ids.add(json.dumps(mid))
            ok = (message.get("jsonrpc") == "2.0" and isinstance(message.get("method"), str)
                  and (isinstance(mid, str) or (isinstance(mid, int) and not isinstance(mid, bool)))
                  and key != "id" and isinstance(message.get("params"), (dict, list)))
            return encode(message), (mid if ok else None)
        if kind == 6:  # truncated
            text = encode(message)
            return text[: r.randrange(1, max(2, len(text)))], None
        if kind == 7:  # broken UTF-8 inside a string
            text = encode(message)
            at = text.find(b'"method"')
            return text[:at] + b'"junk":"\xff\xfe\xc3",' + text[at:], None
        if kind == 8:  # a batch (answered, if at all, as one array)
            batch = [self.well_formed() for _ in range(r.randrange(0, 3))]
            return encode(batch), None
        # not JSON-RPC at all
        return r.choice([b"{}", b"[]", b"null", b"42", b'"text"', b"{not json", b"\x00\x01",
                         b'{"jsonrpc":"2.0","method":"notifications/cancelled"}',
                         DEEPEST_LINE]), None


def valid_message(m):
    if not isinstance(m, dict) or m.get("jsonrpc") != "2.0":
        return False
    if "method" in m:
        return isinstance(m["method"], str) and m["method"].startswith("notifications/")
    return ("result" in m) != ("error" in m)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--source", required=True)
    parser.add_argument("--messages", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    args = parser.parse_args()
    print("seed %d, %d messages" % (args.seed, args.messages))

    root = tempfile.mkdtemp(prefix="ua-hostile-")
    try:
        shutil.copytree(os.path.join(args.source, "examples"), os.path.join(root, "examples"))
        # The example's profile without validators and post-deploy tests: the protocol is
        # under test here, and each validator run would start a process per preview.
        with open(os.path.join(root, "examples", "config.json")) as f:
            doc = json.load(f)
        for profile in doc["profiles"].values():
            profile.pop("validators", None)
            profile.pop("tests", None)
        config = os.path.join(root, "examples", "config-hostile.json")
        with open(config, "w") as f:
            json.dump(doc, f)
        env = dict(os.environ, HOME=root, XDG_CACHE_HOME=os.path.join(root, "cache"))
        gen = Generator(args.seed)
        lines, expected = [], []
        for _ in range(args.messages):
            line, answer_id = gen.line()
            lines.append(line.replace(b"\n", b" "))
            if answer_id is not None:
                expected.append(answer_id)
        final = {"jsonrpc": "2.0", "id": "final", "method": "server/discover",
                 "params": {"_meta": MODERN_META}}

        child = subprocess.Popen([args.bin, "serve", "--config", config], stdin=subprocess.PIPE,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        out_lines, err_chunks = [], []
        final_seen = threading.Event()  # the final answer arrived, or stdout closed (it died)
        final_answered = []

        def read_stdout():
            for raw in child.stdout:
                out_lines.append(raw)
                if b'"final"' in raw:
                    final_answered.append(raw)
                    final_seen.set()
            final_seen.set()

        def read_stderr():
            for raw in child.stderr:
                err_chunks.append(raw)

        readers = [threading.Thread(target=read_stdout), threading.Thread(target=read_stderr)]
        for t in readers:
            t.start()
        try:
            for line in lines:
                child.stdin.write(line + b"\n")
            child.stdin.write(json.dumps(final).encode() + b"\n")
            child.stdin.flush()
        except BrokenPipeError:
            pass
        final_seen.wait(timeout=600)
        answered = bool(final_answered)
        eof_at = time.monotonic()
        child.stdin.close()
        try:
            code = child.wait(timeout=10)
            exit_s = time.monotonic() - eof_at
        except subprocess.TimeoutExpired:
            child.kill()
            code, exit_s = None, None
        for t in readers:
            t.join()

        failures = []
        stderr_text = b"".join(err_chunks).decode(errors="replace")
        if not answered:
            failures.append("the final server/discover was never answered (exit %s)" %
                            child.poll())
        if code is None:
            failures.append("did not exit within 10 s of EOF")
        elif code != 0:
            failures.append("exit code %s" % code)
        for marker in ("ERROR: AddressSanitizer", "runtime error:", "ERROR: LeakSanitizer"):
            if marker in stderr_text:
                failures.append("sanitizer report on stderr: " + marker)
        seen_ids = {}
        for raw in out_lines:
            try:
                value = json.loads(raw)
            except ValueError:
                failures.append("stdout line is not JSON: %r" % raw[:200])
                continue
            messages = value if isinstance(value, list) else [value]
            if isinstance(value, list) and not value:
                failures.append("empty batch answer on stdout")
            for m in messages:
                if not valid_message(m):
                    failures.append("not a JSON-RPC response or notification: %r" % raw[:200])
                    continue
                if "id" in m and "method" not in m:
                    key = json.dumps(m["id"])
                    seen_ids[key] = seen_ids.get(key, 0) + 1
        for i in expected:
            count = seen_ids.get(json.dumps(i), 0)
            if count != 1:
                failures.append("request id %s answered %d times" % (json.dumps(i), count))
        for key in seen_ids:
            if key not in gen.sent_ids and key != '"final"':
                failures.append("a response names id %s, which was never sent" % key[:100])
        print("%d stdout lines, %d well-formed requests, exit %s after %s s" %
              (len(out_lines), len(expected), code, "%.2f" % exit_s if exit_s else "-"))
        for f in failures[:30]:
            print("FAIL: " + f)
        if failures:
            print("stderr tail:\n" + stderr_text[-3000:])
            print("replay with --seed %d" % args.seed)
            return 1
        print("ok")
        return 0
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
