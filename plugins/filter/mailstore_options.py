# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

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
  - Any other key fails with a message that names it and lists the valid keys, so a typo such
    as C(admin_pasword) is never silently ignored.
options:
  _input:
    description: Connection dict (backend, host, port, security, admin_user...).
    type: dict
    required: true
seealso:
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
  description: Connection options of the mailstore modules, without empty values.
  type: dict
"""

import difflib
from collections.abc import Mapping

from ansible.errors import AnsibleFilterError
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.argspec import connection_spec

# read by the roles' tasks, never by the modules
ROLE_ONLY_KEYS = frozenset(("batch_size", "discover"))


def connection_options():
    """Options a connection dict may set: the shared spec minus what each call must give (mailboxes)."""
    return frozenset(name for name, spec in connection_spec().items() if not spec.get("required"))


def _is_empty(value):
    return value is None or (isinstance(value, (str, Mapping)) and len(value) == 0)


def _unknown_key_message(key, valid):
    close = difflib.get_close_matches(key, valid, n=1)
    hint = " (did you mean '%s'?)" % close[0] if close else ""
    return "mssante_imap: unknown key '%s'%s; valid keys: %s" % (key, hint, ", ".join(valid))


def mailstore_options(imap):
    if imap is None:
        return {}
    if not isinstance(imap, Mapping):
        raise AnsibleFilterError(
            "mssante_imap must be a dict of connection options, not %s" % type(imap).__name__)
    options = connection_options()
    valid = sorted(options | ROLE_ONLY_KEYS)
    for key in sorted(imap, key=str):
        if key not in valid:
            raise AnsibleFilterError(_unknown_key_message(str(key), valid))
    return {key: value for key, value in imap.items() if key in options and not _is_empty(value)}


class FilterModule:

    def filters(self):
        return {"mailstore_options": mailstore_options}
