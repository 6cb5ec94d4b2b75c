# -*- coding: utf-8 -*-
# Copyright: ua-deploy contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The options every ua.deploy module takes, documented once (module_utils/ua_cli.py declares
their argument spec once, as COMMON_ARGUMENTS)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    DOCUMENTATION = r"""
options:
  profile:
    description: The profile to act on; the config's C(default_profile) when omitted.
    type: str
  config:
    description:
      - The host's ua-deploy config file.
      - When omitted, ua-deploy's own discovery applies (C($UA_DEPLOY_CONFIG), then
        C(~/.config/ua-deploy/config.json)).
    type: path
  binary:
    description: The ua-deploy executable; C(ua-deploy) on the host's C(PATH) when omitted.
    type: path
"""
