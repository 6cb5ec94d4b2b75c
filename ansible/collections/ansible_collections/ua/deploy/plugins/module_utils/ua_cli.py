# -*- coding: utf-8 -*-
# Copyright: ua-deploy contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Runs the host's `ua-deploy <subcommand> ... --json` and reads the object it prints.

Shared by the ua_deploy, ua_rollback and ua_status modules: the arguments every module takes
(COMMON_ARGUMENTS), how the command line is built, and how an answer that is not the expected
JSON object becomes a clear module failure. ua-deploy's exit codes: 0 success (also no-op, dry
run and list), 1 the operation failed or was rolled back, 2 usage or config error, 3 the lock
is held by another operation. Exit codes 1 and 3 still print the result object; 2 prints a
message on stderr.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

COMMON_ARGUMENTS = dict(
    profile=dict(type="str"),
    config=dict(type="path"),
    binary=dict(type="path"),
)

EXIT_LOCK_HELD = 3


def build_argv(module, subcommand, options):
    """The command line: the binary, the subcommand, --config/--profile, options, --json."""
    binary = module.params["binary"] or module.get_bin_path("ua-deploy", required=True)
    argv = [binary, subcommand]
    if module.params["config"]:
        argv += ["--config", module.params["config"]]
    if module.params["profile"]:
        argv += ["--profile", module.params["profile"]]
    return argv + list(options) + ["--json"]


def run_json(module, subcommand, options=()):
    """Runs ua-deploy and returns (exit code, result object, argv).

    Fails the module, with the command, its exit code and its stderr, when ua-deploy refuses
    the arguments or its config (exit 2), or prints anything but one JSON object.
    """
    argv = build_argv(module, subcommand, options)
    rc, out, err = module.run_command(argv, environ_update={"NO_COLOR": "1", "LC_ALL": "C"})
    reason = err.strip() or out.strip() or "no output"
    if rc == 2:
        module.fail_json(msg="ua-deploy refused the request: %s" % reason, rc=rc, cmd=argv,
                         stderr=err)
    try:
        result = json.loads(out)
    except ValueError:
        module.fail_json(msg="ua-deploy %s %s (exit %d): %s" % (
            subcommand, "failed" if rc else "did not answer with JSON", rc, reason),
            rc=rc, cmd=argv, stdout=out, stderr=err)
    if not isinstance(result, dict):
        module.fail_json(msg="ua-deploy %s answered with JSON that is not an object" % subcommand,
                         rc=rc, cmd=argv, stdout=out)
    return rc, result, argv


def files_changed(result):
    """How many managed files the result's `files` says were (or would be) written or removed."""
    files = result.get("files") or {}
    if not isinstance(files, dict):
        return 0
    return sum(len(files.get(kind) or []) for kind in ("added", "modified", "removed"))


def unified_diff(preview):
    """The `diff` array of a ua-deploy result as one unified diff text, for Ansible's --diff.

    Each file gets git-style headers, then its hunks as ua-deploy gave them; a file shown as a
    summary (binary, over a cap, secret) gets one `(not shown: ...)` line.
    """
    parts = []
    for entry in preview or []:
        path = entry.get("path", "?")
        old_name = "a/" + path if entry.get("old") else "/dev/null"
        new_name = "b/" + path if entry.get("new") else "/dev/null"
        parts.append("--- %s\n+++ %s\n" % (old_name, new_name))
        if entry.get("shown") == "hunks":
            for hunk in entry.get("hunks") or []:
                parts.append(hunk.get("header", "@@") + "\n")
                parts.extend(line + "\n" for line in hunk.get("lines") or [])
        else:
            parts.append("(not shown: %s)\n" % (entry.get("summary") or entry.get("shown")))
    return "".join(parts)
