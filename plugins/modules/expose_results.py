#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
---
module: expose_results
short_description: Put keys of registered results together in one variable, without copying them
version_added: 0.10.0
description:
  - Builds one dictionary from keys of play variables (registered results, facts), each named as
    C(variable.key), plus small values given as such; register the task to expose it to the roles
    that follow (the audit role exposes C(mssante_audit) this way).
  - Runs entirely on the controller (action plugin). The parts are read by variable name as the play
    holds them, neither templated again nor copied - a C(set_fact) that templated the audit's findings
    again took 12 s at 50,000 BAL.
  - Changes nothing. Personal data, megabytes at 10,000 BAL - a successful result reaches the callbacks
    as its outcome only, the registered variable keeps all of it; C(-vvv) shows it whole, and a
    failure's French message is always shown.
author:
  - mssante.hygiene contributors (@mssante)
extends_documentation_fragment:
  - mssante.hygiene.attributes
  - mssante.hygiene.attributes.ACTION_PLUGIN
  - mssante.hygiene.attributes.PLAY_VARIABLES
options:
  parts:
    description:
      - For each key of the result, the variable key it takes, as C(variable.key) (for example
        V(mssante_audit_result.findings)).
      - A variable that is not defined, or is not a dictionary, fails in French; so does a missing key,
        unless O(values) gives a value under the same name.
    type: dict
    required: true
  values:
    description:
      - Keys of the result given as values (small ones - they are templated as any option is).
      - For a key also in O(parts), the value taken when the variable lacks that key.
    type: dict
    default: {}
"""

EXAMPLES = r"""
- name: Exposer les constats aux rôles suivants
  mssante.hygiene.expose_results:
    parts:
      findings: mssante_audit_result.findings
      summary: mssante_audit_result.summary
      report: mssante_audit_result.report
    values:
      report: {}
      trash_preview: "{{ mssante_audit_trash | default({}) }}"
  register: mssante_audit
"""

RETURN = r"""
# The keys of O(parts) and O(values), with the values read or given.
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.mssante.hygiene.plugins.module_utils.exposed_results import ARGUMENT_SPEC
from ansible_collections.mssante.hygiene.plugins.module_utils.module_base import refuse_remote_run


def main():
    refuse_remote_run(AnsibleModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True), "expose_results")


if __name__ == "__main__":
    main()
