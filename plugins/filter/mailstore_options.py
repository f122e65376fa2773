# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
name: mailstore_options
short_description: Turn the mssante_imap inventory variable into mailstore module options
version_added: 0.2.0
author:
  - mssante.hygiene team (@mssante)
description:
  - Returns the connection options of M(mssante.hygiene.mailstore_info) and
    M(mssante.hygiene.mailstore_purge) found in a connection dict such as the inventory
    variable C(mssante_imap), ready for C(module_defaults) on the action group
    C(group/mssante.hygiene.mailstore). Each task then passes only what is its own
    (O(mssante.hygiene.mailstore_purge#module:mailboxes), O(mssante.hygiene.mailstore_purge#module:rules)...).
  - The accepted names are read from the modules' own argument spec, so a new connection
    option reaches both modules without touching the roles.
  - Empty values (V(null), empty string, empty dict) are dropped so that the module default
    applies. V(false) and V(0) are kept.
  - Keys the roles read themselves (C(batch_size), C(discover)) are accepted and left out.
  - Any other key fails with a French message that names it, the closest valid key and the
    valid keys, so a typo such as C(admin_pasword) is never silently ignored.
  - The same as P(mssante.hygiene.checked_settings#filter) with V(mssante_imap).
  - With O(patient_documents) (the inventory variable C(mssante_patient_documents)), the result also
    holds the modules' C(patient_documents) option, checked and completed with its defaults
    (P(mssante.hygiene.checked_settings#filter) with V(mssante_patient_documents)), so that
    M(mssante.hygiene.mailstore_info) and M(mssante.hygiene.mailstore_purge) recognise the
    same patient documents and the same proofs of integration. V(null) or an empty dict gives the
    defaults; C(patient_documents) inside the connection dict is refused.
options:
  _input:
    description: Connection dict (backend, host, port, security, admin_user...).
    type: dict
    required: true
  patient_documents:
    description:
      - What a patient document is and what proves it integrated into the patient record
        (C(filenames), C(subject_prefixes), C(content_types), C(proof)).
      - When not given, the result has no C(patient_documents) key.
    type: dict
    version_added: 0.6.0
seealso:
  - plugin: mssante.hygiene.checked_settings
    plugin_type: filter
  - module: mssante.hygiene.mailstore_info
  - module: mssante.hygiene.mailstore_purge
"""

EXAMPLES = r"""
- name: Purge with the platform connection from the inventory
  mssante.hygiene.mailstore_purge:
    mailboxes: "{{ mssante_mailboxes }}"
    rules: "{{ mssante_retention_rules }}"
  module_defaults:
    group/mssante.hygiene.mailstore: "{{ mssante_imap | mssante.hygiene.mailstore_options }}"

- name: Measure the mailboxes, patient documents included
  mssante.hygiene.mailstore_info:
    mailboxes: "{{ mssante_mailboxes }}"
  module_defaults:
    group/mssante.hygiene.mailstore: "{{ mssante_imap | mssante.hygiene.mailstore_options(mssante_patient_documents) }}"

# {'backend': 'imap', 'host': 'imap.example.org', 'validate_certs': false}
# (ca_path is empty and batch_size is for the roles: both are left out)
- name: Show the options the modules receive
  ansible.builtin.debug:
    msg: >-
      {{ {'backend': 'imap', 'host': 'imap.example.org', 'validate_certs': false,
          'ca_path': '', 'batch_size': 200} | mssante.hygiene.mailstore_options }}
"""

RETURN = r"""
_value:
  description: >-
    Connection options of the mailstore modules, without empty values, plus C(patient_documents)
    when O(patient_documents) is given.
  type: dict
"""

from ansible_collections.mssante.hygiene.plugins.filter.checked_settings import checked_settings


_NOT_GIVEN = object()  # an inventory's null still means "the defaults"


def mailstore_options(imap, patient_documents=_NOT_GIVEN):
    """checked_settings(imap, 'mssante_imap') (+ the patient-document option): used by every role."""
    options = checked_settings(imap, "mssante_imap")
    if patient_documents is not _NOT_GIVEN:
        options["patient_documents"] = checked_settings(patient_documents, "mssante_patient_documents")
    return options


class FilterModule:

    def filters(self):
        return {"mailstore_options": mailstore_options}
