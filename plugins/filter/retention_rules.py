# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
name: retention_rules
short_description: Check the retention rules of the inventory (mssante_retention_rules)
version_added: 0.6.0
author:
  - mssante.hygiene team (@mssante)
description:
  - Returns the rules as given, once each is known to be a dict whose keys are fields of the
    O(mssante.hygiene.mailstore_purge#module:rules) option, and whose C(patient_documents), when
    given, is V(keep) (never delete a patient document, the default), V(integrated) (delete it only
    with a proof of integration into the patient record) or V(ignore) (delete it like any mail).
  - A typo fails before anything is read or deleted, with a French message that names the rule by
    its position (C(mssante_retention_rules[1])), the closest valid key or value, and the valid ones.
  - The other values (days, folders, dates) are checked by M(mssante.hygiene.mailstore_purge).
options:
  _input:
    description: The rules (a list of dicts); V(null) gives an empty list.
    type: list
    elements: dict
    required: true
seealso:
  - module: mssante.hygiene.mailstore_purge
  - plugin: mssante.hygiene.mailstore_options
    plugin_type: filter
"""

EXAMPLES = r"""
- name: Delete mail older than two years, patient documents only once integrated
  mssante.hygiene.mailstore_purge:
    mailboxes: "{{ mssante_mailboxes }}"
    rules: "{{ mssante_retention_rules | mssante.hygiene.retention_rules }}"
  vars:
    mssante_retention_rules:
      - name: courrier-ancien
        folders: ['\Inbox', '\Sent']
        older_than_days: 730
        patient_documents: integrated
"""

RETURN = r"""
_value:
  description: The rules, unchanged.
  type: list
  elements: dict
"""

from ansible.errors import AnsibleFilterError
from ansible_collections.mssante.hygiene.plugins.module_utils.settings import SettingsError, checked_rules


def retention_rules(rules):
    try:
        return checked_rules("mssante_retention_rules", rules)
    except SettingsError as exc:
        raise AnsibleFilterError(str(exc)) from None


class FilterModule:

    def filters(self):
        return {"retention_rules": retention_rules}
