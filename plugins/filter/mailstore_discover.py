# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
name: mailstore_discover
short_description: Whether mailstore_info should list every mailbox of the platform
version_added: 0.5.0
author:
  - mssante.hygiene team (@mssante)
description:
  - Returns the O(mssante.hygiene.mailstore_info#module:discover) value for a connection dict such
    as the inventory variable C(mssante_imap) - its C(discover) key when given, else V(true)
    when the platform can list its mailboxes (C(backend=doveadm) on the mail host, without
    C(doveadm_api_key)), so that mailboxes no directory account owns are audited too.
  - The condition is the one the module checks before listing (IMAP cannot list other users'
    mailboxes).
options:
  _input:
    description: Connection dict (backend, doveadm_api_key, discover...).
    type: dict
    required: true
seealso:
  - module: mssante.hygiene.mailstore_info
  - plugin: mssante.hygiene.mailstore_options
    plugin_type: filter
"""

EXAMPLES = r"""
- name: Measure every mailbox, also those no directory account owns
  mssante.hygiene.mailstore_info:
    discover: "{{ mssante_imap | mssante.hygiene.mailstore_discover }}"
    mailboxes: "{{ known_mailboxes }}"
  module_defaults:
    group/mssante.hygiene.mailstore: "{{ mssante_imap | mssante.hygiene.mailstore_options }}"
"""

RETURN = r"""
_value:
  description: V(true) to list every mailbox of the platform.
  type: bool
"""

from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.discovery import wants_discover


class FilterModule:

    def filters(self):
        return {"mailstore_discover": wants_discover}
