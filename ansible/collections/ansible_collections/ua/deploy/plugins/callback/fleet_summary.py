# -*- coding: utf-8 -*-
# Copyright: ua-deploy contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
name: fleet_summary
type: aggregate
short_description: One line per host for a ua-deploy rollout, printed and written as JSON lines
description:
  - Follows the C(ua.deploy.ua_deploy) and C(ua.deploy.ua_rollback) tasks of a playbook run.
    At the end, even when the rollout stopped early, it prints one summary per host (outcome,
    version, deployment id, duration) and writes the same as JSON lines, one object per host,
    for CI.
  - A host the rollout never reached is reported C(not_reached); a host that failed in another
    task (installing the package, checking out the release) is C(failed) with that task's
    message; an unreachable host is C(unreachable).
  - Enable it with C(callbacks_enabled = ua.deploy.fleet_summary) in C(ansible.cfg).
version_added: "0.1.0"
author:
  - ua-deploy contributors
options:
  path:
    description: Where the JSON lines are written (the file is replaced on every run).
    type: path
    default: ua-deploy-summary.jsonl
    env:
      - name: UA_DEPLOY_SUMMARY
    ini:
      - section: ua_deploy_summary
        key: path
"""

import json
import os
import tempfile

from ansible.plugins.callback import CallbackBase

DEPLOY_MODULES = ("ua_deploy", "ua_rollback")
FIELDS = ("outcome", "version", "previous_version", "deployment_id", "backup_id",
          "restored_backup_id", "safety_backup_id", "duration_ms", "failure_reason")


def short_action(task):
    action = getattr(task, "resolved_action", None) or task.action or ""
    return action.rsplit(".", 1)[-1]


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "ua.deploy.fleet_summary"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self):
        super(CallbackModule, self).__init__()
        self._hosts = []        # every host of every play that ran a ua-deploy task, in order
        self._play_hosts = []   # the current play's hosts, all batches together
        self._play_name = ""
        self._play_counts = False
        self._lines = {}        # host -> summary

    def v2_playbook_on_play_start(self, play):
        # Called once per serial batch: the play's whole host list ignores the batch.
        inventory = play.get_variable_manager()._inventory
        self._play_hosts = [h.name for h in inventory.get_hosts(play.hosts,
                                                                 ignore_restrictions=True)]
        if play.get_name() != self._play_name:
            self._play_name = play.get_name()
            self._play_counts = False

    def _note_play(self):
        if not self._play_counts:
            self._play_counts = True
            for host in self._play_hosts:
                if host not in self._hosts:
                    self._hosts.append(host)

    def _record(self, result, outcome_if_missing):
        task = result._task
        host = result._host.get_name()
        answer = result._result or {}
        if short_action(task) in DEPLOY_MODULES:
            self._note_play()
            line = dict(host=host, play=self._play_name, operation=short_action(task)[3:],
                        changed=bool(answer.get("changed")))
            for key in FIELDS:
                if answer.get(key) is not None:
                    line[key] = answer[key]
            line.setdefault("outcome", outcome_if_missing)
            if outcome_if_missing in ("failed", "unreachable"):
                # The module's message is the whole sentence: id, outcome, state, reason.
                line["failure_reason"] = answer.get("msg") or line.get("failure_reason", "")
            self._lines[host] = line
        elif outcome_if_missing in ("failed", "unreachable") and host not in self._lines:
            self._note_play()
            self._lines[host] = dict(host=host, play=self._play_name, operation=None,
                                     changed=False, outcome=outcome_if_missing,
                                     failed_task=task.get_name(),
                                     failure_reason=answer.get("msg", ""))

    def v2_runner_on_ok(self, result):
        self._record(result, "ok")

    def v2_runner_on_failed(self, result, ignore_errors=False):
        if not ignore_errors:
            self._record(result, "failed")

    def v2_runner_on_unreachable(self, result):
        self._record(result, "unreachable")

    def v2_runner_on_skipped(self, result):
        host = result._host.get_name()
        if short_action(result._task) in DEPLOY_MODULES and host not in self._lines:
            self._note_play()
            self._lines[host] = dict(host=host, play=self._play_name, operation=None,
                                     changed=False, outcome="skipped")

    def v2_playbook_on_stats(self, stats):
        if not self._hosts:
            return
        lines = [self._lines.get(host) or dict(host=host, play=self._play_name, operation=None,
                                               changed=False, outcome="not_reached")
                 for host in self._hosts]
        self._display.banner("UA-DEPLOY SUMMARY")
        width = max(len(line["host"]) for line in lines)
        for line in lines:
            self._display.display("%-*s  %-12s %-10s %-28s %s%s" % (
                width, line["host"], line["outcome"], line.get("version") or "-",
                line.get("deployment_id") or "-",
                "%d ms" % line["duration_ms"] if "duration_ms" in line else "-",
                "  " + line["failure_reason"] if line.get("failure_reason") else ""))
        self._write(self.get_option("path"), lines)

    def _write(self, path, lines):
        # Replaced whole (temp file + rename): CI never reads half a summary.
        directory = os.path.dirname(os.path.abspath(path))
        fd, temp = tempfile.mkstemp(prefix=".ua-deploy-summary-", dir=directory)
        with os.fdopen(fd, "w") as out:
            for line in lines:
                out.write(json.dumps(line, sort_keys=True) + "\n")
        os.chmod(temp, 0o644)
        os.replace(temp, path)
        self._display.display("summary written to %s" % path)
