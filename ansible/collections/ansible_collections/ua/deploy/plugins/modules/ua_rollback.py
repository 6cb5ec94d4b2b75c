#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: ua-deploy contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: ua_rollback
short_description: Restore a verified ua-deploy backup into production
description:
  - Runs C(ua-deploy rollback --json) on the host. ua-deploy verifies the backup, takes a
    safety backup of production (so the rollback can itself be undone), switches the backup's
    files in atomically, verifies every restored file and runs the post-deploy tests.
  - The backup is the one named by I(backup_id), else the newest good backup holding
    I(version), else the previous one (the newest good backup whose content differs from
    production).
  - With I(backup_id) or I(version) the task is idempotent. It first lists the backups and
    does nothing when production already holds exactly the chosen backup's managed files
    (C(changed=false), outcome C(unchanged)).
    Without either, every run goes back one step, so running it twice returns to where it
    started. Give a version or a backup id in playbooks that may run again.
  - In check mode it runs only the dry run.
version_added: "0.1.0"
author:
  - ua-deploy contributors
extends_documentation_fragment:
  - ua.deploy.common
options:
  backup_id:
    description: The backup to restore, as C(ua-deploy rollback --list) shows it.
    type: str
  version:
    description: Restore the newest good backup holding this version (C(x.y.z)).
    type: str
  approve:
    description: Approve a profile that asks a person first (C(confirm)), as C(--yes) does.
    type: bool
    default: false
notes:
  - Check mode is supported.
seealso:
  - module: ua.deploy.ua_deploy
  - module: ua.deploy.ua_status
"""

EXAMPLES = r"""
- name: Go back to 1.3.0 on every host
  ua.deploy.ua_rollback:
    config: /etc/ua-deploy/config.json
    version: 1.3.0

- name: Restore the backup the last rollout took on this host
  ua.deploy.ua_rollback:
    config: /etc/ua-deploy/config.json
    backup_id: "{{ rollout.backup_id }}"
"""

RETURN = r"""
outcome:
  description: complete, dry_run or failed (C(unchanged) when production already held the backup).
  returned: always
  type: str
restored_backup_id:
  description: The backup that was (or would be) restored.
  returned: when a backup was chosen
  type: str
safety_backup_id:
  description: The backup of production taken before the rollback (restore it to undo).
  returned: when the rollback changed production
  type: str
version:
  description: The version production has after the task.
  returned: always
  type: str
previous_version:
  description: The version production had before.
  returned: always
  type: str
deployment_id:
  description: The id of the rollback in the host's history.
  returned: when a rollback ran
  type: str
files:
  description: The managed files added, modified and removed by the restore.
  returned: always
  type: dict
failure_reason:
  description: Why the rollback failed.
  returned: on failure
  type: str
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
)

REPORTED_FIELDS = ("outcome", "deployment_id", "restored_backup_id", "safety_backup_id",
                   "version", "previous_version", "files", "duration_ms", "failure_reason")


def fail(module, rc, result, argv):
    report = dict((key, result[key]) for key in REPORTED_FIELDS if key in result)
    if rc == EXIT_LOCK_HELD:
        module.fail_json(msg="another ua-deploy operation holds the lock: %s"
                         % (result.get("failure_reason") or "try again when it has ended"),
                         lock_held=True, changed=False, result=result, cmd=argv, rc=rc, **report)
    module.fail_json(msg="rollback %s failed: %s" % (
        result.get("deployment_id", "(none)"), result.get("failure_reason") or "see result"),
        lock_held=False, changed=False, result=result, cmd=argv, rc=rc, **report)


def named_backup(module):
    """The backup that backup_id or version names, as `rollback --list` shows it, or None.

    `current` in it says production already holds exactly that backup's managed files.
    """
    rc, listing, argv = run_json(module, "rollback", ["--list"])
    if rc != 0:
        fail(module, rc, listing, argv)
    for backup in listing.get("backups") or []:
        if backup.get("damaged"):
            continue
        if backup.get("backup_id") == module.params["backup_id"] or (
                module.params["version"] and backup.get("version") == module.params["version"]):
            return backup
    return None


def main():
    module = AnsibleModule(
        argument_spec=dict(
            COMMON_ARGUMENTS,
            backup_id=dict(type="str"),
            version=dict(type="str"),
            approve=dict(type="bool", default=False),
        ),
        mutually_exclusive=[("backup_id", "version")],
        supports_check_mode=True,
    )
    target = []
    if module.params["backup_id"]:
        target = ["--to", module.params["backup_id"]]
    elif module.params["version"]:
        target = ["--version", module.params["version"]]

    if target:
        chosen = named_backup(module)
        if chosen and chosen.get("current"):
            module.exit_json(changed=False, outcome="unchanged",
                             restored_backup_id=chosen["backup_id"], version=chosen.get("version"),
                             msg="production already holds the managed files of backup %s"
                             % chosen["backup_id"])

    rc, preview, argv = run_json(module, "rollback", target + ["--dry-run"])
    if rc != 0 or preview.get("outcome") == "failed":
        fail(module, rc, preview, argv)
    report = dict((key, preview[key]) for key in REPORTED_FIELDS if key in preview)
    if module.check_mode:
        module.exit_json(changed=files_changed(preview) > 0, result=preview, cmd=argv, rc=rc,
                         **report)

    options = list(target)
    if module.params["approve"]:
        options.append("--yes")
    if not target and preview.get("restored_backup_id"):
        # Restore exactly what the dry run chose, even if a backup appears in between.
        options = ["--to", preview["restored_backup_id"]] + options
    rc, result, argv = run_json(module, "rollback", options)
    if rc != 0 or result.get("outcome") != "complete":
        fail(module, rc, result, argv)
    report = dict((key, result[key]) for key in REPORTED_FIELDS if key in result)
    module.exit_json(changed=True, result=result, cmd=argv, rc=rc, **report)


if __name__ == "__main__":
    main()
