# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
name: checked_settings
short_description: Check an inventory setting (mssante_ldap, mssante_safety...) and return its options
version_added: 0.3.0
author:
  - mssante.hygiene team (@mssante)
description:
  - Checks the keys of one of the inventory settings C(mssante_ldap), C(mssante_annuaire),
    C(mssante_imap), C(mssante_safety), C(mssante_trash) or C(mssante_patient_documents), and returns
    the options it gives.
  - The valid keys of C(mssante_ldap) and C(mssante_annuaire) are the options of
    M(mssante.hygiene.directory_info) and M(mssante.hygiene.annuaire_info) (read from the modules'
    own argument spec), less those the roles set from other variables (C(domains)...). Those of
    C(mssante_imap) are the connection options of the mailstore modules, plus C(batch_size) and
    C(discover), read by the roles and left out of the result.
  - Any other key fails with a French message that names it, the closest valid key, and every
    valid key, so a typo such as C(bind_password) is never silently ignored.
  - Empty values (V(null), empty string, empty dict) are left out so that the default applies;
    V(false) and V(0) are kept.
  - The valid keys of C(mssante_connection_file) are the options of M(mssante.hygiene.connection_file_info)
    (since version 0.9.0).
  - C(mssante_safety) and C(mssante_trash) are read by the roles themselves; their values are
    converted (numbers, booleans, choices) and the keys the inventory does not give get their
    defaults, so that giving one key does not drop the others.
  - C(mssante_patient_documents) (what a patient document is and what proves it integrated, the
    C(patient_documents) option of the mailstore modules) is checked and completed the same way,
    its C(proof) dict included (C(filenames), C(subject_prefixes), C(content_types), C(proof) with
    C(keywords), C(message_ids_file), C(mdn)). Since version 0.6.0.
options:
  _input:
    description: The setting's value (a dict).
    type: dict
    required: true
  name:
    description: Name of the inventory variable.
    type: str
    required: true
    choices: [mssante_ldap, mssante_annuaire, mssante_imap, mssante_safety, mssante_trash, mssante_patient_documents,
              mssante_connection_file]
seealso:
  - module: mssante.hygiene.directory_info
  - module: mssante.hygiene.annuaire_info
"""

EXAMPLES = r"""
- name: Read the directory with the inventory's connection
  mssante.hygiene.directory_info:
    server_uri: "{{ mssante_ldap.server_uri }}"
    dn: "{{ mssante_ldap.dn }}"
    domains: "{{ mssante_domains }}"
  module_defaults:
    mssante.hygiene.directory_info: "{{ mssante_ldap | mssante.hygiene.checked_settings('mssante_ldap') }}"

# {'max_delete_ratio': 0.3, 'max_run_delete_ratio': 1.0, 'failure_threshold': 0.1, 'export_eml': False}
- name: Safety settings, completed with the defaults
  ansible.builtin.debug:
    msg: "{{ {'max_delete_ratio': 0.3} | mssante.hygiene.checked_settings('mssante_safety') }}"
"""

RETURN = r"""
_value:
  description: >-
    The options the setting gives (with the defaults for mssante_safety, mssante_trash and
    mssante_patient_documents).
  type: dict
"""

from ansible.errors import AnsibleFilterError
from ansible_collections.mssante.hygiene.plugins.module_utils.settings import SettingsError, checked


def checked_settings(value, name):
    try:
        return checked(name, value)
    except SettingsError as exc:
        raise AnsibleFilterError(str(exc)) from None


class FilterModule:

    def filters(self):
        return {"checked_settings": checked_settings}
