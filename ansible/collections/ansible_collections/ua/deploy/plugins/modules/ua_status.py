#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: ua-deploy contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: ua_status
short_description: Read ua-deploy's view of production as facts
description:
  - Runs C(ua-deploy status --json) on the host and returns the report as the fact
    C(ua_deploy_status), plus the most used fields at the top level.
  - Never changes anything; C(changed) is always false.
  - With I(check_health) the deployed server is started and spoken to over MCP; an unhealthy
    production fails the task.
version_added: "0.1.0"
author:
  - ua-deploy contributors
extends_documentation_fragment:
  - ua.deploy.common
options:
  check_health:
    description: Also start the deployed server and check its MCP handshake.
    type: bool
    default: false
notes:
  - Check mode is supported (the module only reads).
seealso:
  - module: ua.deploy.ua_deploy
"""

EXAMPLES = r"""
- name: What does each host run?
  ua.deploy.ua_status:
    config: /etc/ua-deploy/config.json

- name: Report
  ansible.builtin.debug:
    msg: "{{ ua_deploy_status.production.version }} pending={{ ua_deploy_status.pending }}"
"""

RETURN = r"""
version:
  description: Production's version, from its VERSION file (null when there is none).
  returned: always
  type: str
commit:
  description: The git commit production was deployed from.
  returned: always
  type: str
pending:
  description: The managed files that differ between the source and production.
  returned: always
  type: dict
backups:
  description: The backups of the profile, newest first.
  returned: always
  type: list
lock:
  description: Who holds the profile's lock, if anyone.
  returned: always
  type: dict
last_deployment:
  description: The last deployment or rollback in the host's history.
  returned: always
  type: dict
ansible_facts:
  description: C(ua_deploy_status), the whole report.
  returned: always
  type: dict
"""

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.ua.deploy.plugins.module_utils.ua_cli import COMMON_ARGUMENTS, run_json


def main():
    module = AnsibleModule(
        argument_spec=dict(COMMON_ARGUMENTS, check_health=dict(type="bool", default=False)),
        supports_check_mode=True,
    )
    options = ["--check-health"] if module.params["check_health"] else []
    rc, report, argv = run_json(module, "status", options)
    production = report.get("production") or {}
    facts = dict(
        version=production.get("version"),
        commit=production.get("git_commit"),
        pending=report.get("pending"),
        backups=report.get("backups"),
        lock=report.get("lock"),
        last_deployment=report.get("last_deployment"),
    )
    if rc != 0:
        health = report.get("health") or {}
        module.fail_json(msg="production is not healthy: %s"
                         % (health.get("reason") or health.get("message") or "see health"),
                         changed=False, ansible_facts=dict(ua_deploy_status=report), cmd=argv,
                         rc=rc, **facts)
    module.exit_json(changed=False, ansible_facts=dict(ua_deploy_status=report), cmd=argv, rc=rc,
                     **facts)


if __name__ == "__main__":
    main()
