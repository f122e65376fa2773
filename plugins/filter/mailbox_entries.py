# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
name: mailbox_entries
short_description: Give each mailbox login the BAL type and service the inventory knows
version_added: 0.2.0
author:
  - mssante.hygiene team (@mssante)
description:
  - Turns a list of mailbox logins into the C(login), C(type), C(service) dicts that
    O(mssante.hygiene.mailstore_purge#module:mailboxes) accepts, so that purge rules keyed on
    C(bal_types) or C(services) select the right mailboxes.
  - The type comes from the Annuaire Santé BALs of the inventory (C(bals), by address), else from
    the directory account's C(bal_type); the service from the directory account (C(accounts), by
    mail), else from the Annuaire Santé BAL. Addresses are compared without case.
  - A dict given in the input keeps its own C(type) and C(service); a login the inventory does
    not know gets empty values, so a rule with C(bal_types) or C(services) never applies to it.
positional: inventory
options:
  _input:
    description: Mailbox logins (or dicts with C(login), C(mailbox) or C(address)).
    type: list
    elements: raw
    required: true
  inventory:
    description: The inventory role's C(mssante_inventory) (C(accounts) and C(bals) are read).
    type: dict
    required: true
seealso:
  - module: mssante.hygiene.mailstore_purge
  - plugin: mssante.hygiene.mailstore_options
    plugin_type: filter
"""

EXAMPLES = r"""
- name: Apply retention rules keyed on BAL type and service
  mssante.hygiene.mailstore_purge:
    mailboxes: "{{ mssante_inventory.mailboxes | map(attribute='mailbox') | mssante.hygiene.mailbox_entries(mssante_inventory) }}"
    rules:
      - name: urgences-org-1-an
        folders: [INBOX]
        older_than_days: 365
        bal_types: [ORG]
        services: [Urgences]
"""

RETURN = r"""
_value:
  description: One dict per mailbox, with C(login), C(type) (V(PER), V(ORG), V(APP), V(CAB) or empty) and C(service).
  type: list
  elements: dict
"""

from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.entries import mailbox_entries


class FilterModule:

    def filters(self):
        return {"mailbox_entries": mailbox_entries}
