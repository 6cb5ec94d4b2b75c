#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: ua-deploy contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: ua_deploy
short_description: Deploy an MCP server's source tree into production with ua-deploy
description:
  - Runs C(ua-deploy deploy --json) on the host. ua-deploy validates the change, takes a
    verified backup, switches production over atomically, runs the profile's post-deploy
    tests, rolls back by itself when anything fails, and stamps C(VERSION) with the git commit.
  - The task is C(changed) only when managed files were written or removed.
  - The task fails when the outcome is C(failed) (blocked by validation, or stopped before the
    switch) or C(rolled_back) (the post-deploy tests failed and production was restored), with
    the reason and the deployment id.
  - In check mode it runs a dry run (C(--dry-run)), which changes nothing and takes no lock.
  - In diff mode it returns the diff preview of the change (C(--diff)).
version_added: "0.1.0"
author:
  - ua-deploy contributors
extends_documentation_fragment:
  - ua.deploy.common
options:
  version:
    description:
      - The version to stamp (C(x.y.z)). When omitted, ua-deploy reads the profile's
        C(version_from) file, or bumps production's patch number.
    type: str
  message:
    description: A note kept with the deployment in the host's history.
    type: str
  approve:
    description:
      - Approve a profile that asks a person before production changes (C(confirm) in the
        config), as C(--yes) does at a terminal. Without it such a deployment is refused.
    type: bool
    default: false
notes:
  - Check mode and diff mode are supported.
  - The deployment runs in the foreground of the module; ua-deploy's own lock keeps two
    deployments of one profile apart (a held lock fails the task with C(lock_held)).
seealso:
  - module: ua.deploy.ua_rollback
  - module: ua.deploy.ua_status
"""

EXAMPLES = r"""
- name: Deploy the agents server
  ua.deploy.ua_deploy:
    config: /etc/ua-deploy/config.json
    profile: unified-agents
    message: rollout of v1.4.0
  register: deployed

- name: Preview the change without touching production
  ua.deploy.ua_deploy:
    config: /etc/ua-deploy/config.json
  check_mode: true
  diff: true
"""

RETURN = r"""
outcome:
  description: complete, no_changes, dry_run, failed or rolled_back.
  returned: always
  type: str
deployment_id:
  description: The id of the deployment in the host's history.
  returned: when ua-deploy started a deployment
  type: str
version:
  description: The version production has after the task (or would have, in check mode).
  returned: always
  type: str
previous_version:
  description: The version production had before.
  returned: always
  type: str
backup_id:
  description: The backup of production taken before the switch (what a rollback restores).
  returned: when a backup was taken
  type: str
files:
  description: The managed files added, modified and removed, and the number unchanged.
  returned: always
  type: dict
duration_ms:
  description: How long the deployment took on the host.
  returned: always
  type: int
failure_reason:
  description: Why the deployment failed or was rolled back.
  returned: on failure
  type: str
lock_held:
  description: True when another operation held the profile's lock.
  returned: on failure
  type: bool
result:
  description: The whole object ua-deploy printed (its C(--json) output).
  returned: always
  type: dict
"""

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.ua.deploy.plugins.module_utils.ua_cli import (
    COMMON_ARGUMENTS,
    EXIT_LOCK_HELD,
    files_changed,
    run_json,
    unified_diff,
)

FAILED_OUTCOMES = ("failed", "rolled_back")
REPORTED_FIELDS = ("outcome", "deployment_id", "version", "previous_version", "backup_id",
                   "files", "duration_ms", "failure_reason", "failed_state")


def failed_tests(result):
    """' (name: first line of its output; ...)' for the post-deploy tests that failed."""
    said = []
    for test in result.get("tests") or []:
        if not test.get("passed"):
            lines = [line.strip() for line in (test.get("output_tail") or "").splitlines()]
            said.append("%s: %s" % (test.get("name"), next((x for x in lines if x), "no output")))
    return " (%s)" % "; ".join(said) if said else ""


def main():
    module = AnsibleModule(
        argument_spec=dict(
            COMMON_ARGUMENTS,
            version=dict(type="str"),
            message=dict(type="str"),
            approve=dict(type="bool", default=False),
        ),
        supports_check_mode=True,
    )
    options = []
    if module.check_mode:
        options.append("--dry-run")
    if module._diff:
        options.append("--diff")
    if module.params["version"]:
        options += ["--version", module.params["version"]]
    if module.params["message"]:
        options += ["--message", module.params["message"]]
    if module.params["approve"] and not module.check_mode:
        options.append("--yes")

    rc, result, argv = run_json(module, "deploy", options)
    report = dict((key, result[key]) for key in REPORTED_FIELDS if key in result)
    report.update(result=result, cmd=argv, rc=rc)
    outcome = result.get("outcome")
    changed = outcome in ("complete", "dry_run") and files_changed(result) > 0
    if module._diff and "diff" in result:
        report["diff"] = dict(prepared=unified_diff(result["diff"]))

    if rc == EXIT_LOCK_HELD:
        module.fail_json(msg="another ua-deploy operation holds the lock: %s"
                         % (result.get("failure_reason") or "try again when it has ended"),
                         lock_held=True, changed=False, **report)
    if outcome in FAILED_OUTCOMES or (rc != 0 and outcome not in ("complete", "no_changes",
                                                                  "dry_run")):
        module.fail_json(msg="deployment %s %s%s: %s%s" % (
            result.get("deployment_id", "(none)"), outcome or "did not finish",
            " in " + result["failed_state"] if result.get("failed_state") else "",
            result.get("failure_reason") or "see result", failed_tests(result)),
            changed=False, lock_held=False, **report)
    module.exit_json(changed=changed, **report)


if __name__ == "__main__":
    main()
