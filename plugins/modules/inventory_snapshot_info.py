#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
---
module: inventory_snapshot_info
short_description: Tell whether the inventory snapshot may be reused, and give the purges' mailbox list
version_added: 0.10.0
description:
  - Reads the snapshot M(mssante.hygiene.inventory_snapshot) wrote and checks it before any use - its
    format, the SHA-256 of its content (a cut or edited file fails), the O(sources) fingerprint (another
    server, base, filter or domain list fails) and its age against O(max_age) (a date in the future fails too).
  - Parses only the file's header and the purges' part; the inventory itself is hashed as it streams by,
    never held parsed, so the module stays small whatever the number of BAL (a cut or edited inventory
    still fails).
  - A snapshot that fails is not an error; RV(usable) is V(false) and RV(reason) says why in French,
    so that the inventory role reads its sources again.
  - When usable, RV(mailbox_entries) is the list the purges work on - the mailboxes the inventory
    measured, each with the BAL type and service the snapshot knows (as P(mssante.hygiene.mailbox_entries#filter)
    gives them). The purges still read and select the messages on the live mailboxes.
  - Never changes anything.
  - A successful result over 256 KB of JSON (the mailboxes of some 1,500 BAL or more) reaches the
    callbacks as its outcome, warnings and deprecations only; the registered variable keeps all of
    it. A failure and C(-vvv) show it whole.
author:
  - mssante.hygiene contributors (@mssante)
extends_documentation_fragment:
  - mssante.hygiene.attributes.INFO_MODULE
  - mssante.hygiene.attributes.ACTION_PLUGIN
options:
  path:
    description: The snapshot file.
    type: path
    required: true
  sources:
    description: The fingerprint of the current settings, from the P(mssante.hygiene.snapshot_sources#filter) filter.
    type: str
    required: true
  max_age:
    description:
      - Oldest snapshot reused - a number of seconds or a text such as V(4h), V(30min), V(1j); V(0) never reuses.
      - A wrong value fails the task naming C(mssante_snapshot_max_age), the inventory variable it comes from.
    type: raw
    default: 4h
seealso:
  - module: mssante.hygiene.inventory_snapshot
  - module: mssante.hygiene.mailstore_purge
"""

EXAMPLES = r"""
- name: Reuse a recent inventory
  mssante.hygiene.inventory_snapshot_info:
    path: "{{ mssante_state_dir }}/inventaire.json"
    sources: "{{ mssante_ldap | mssante.hygiene.snapshot_sources(mssante_annuaire, mssante_imap, mssante_connection_file, mssante_domains) }}"
    max_age: 4h
  register: snapshot
"""

RETURN = r"""
usable:
  description: Whether the snapshot proved itself and may stand in for a new read.
  returned: always
  type: bool
reason:
  description: Why it is not usable (absent, cut, corrupt, other format, other sources, too old, in the future), in French.
  returned: always
  type: str
age_seconds:
  description: Age of the snapshot (its last write or refresh); null when not usable.
  returned: always
  type: float
age:
  description: The same age as a French reader says it (C(12 min), C(3 h 05 min)); empty when not usable.
  returned: always
  type: str
written:
  description: Date of its last write or refresh, ISO 8601 UTC; empty when not usable.
  returned: always
  type: str
sha256:
  description: SHA-256 of its content; empty when not usable.
  returned: always
  type: str
mailbox_entries:
  description: The measured mailboxes, each with C(login), C(type) and C(service); empty when not usable.
  returned: always
  type: list
  elements: dict
mailboxes:
  description: The same mailboxes as C(mailbox) dicts, the shape of the inventory's C(mailboxes) (compatibility).
  returned: always
  type: list
  elements: dict
counts:
  description: C(mailbox_entries), C(accounts) and C(bals) in the snapshot (0 when not usable).
  returned: always
  type: dict
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.mssante.hygiene.plugins.module_utils.module_base import engine_errors
from ansible_collections.mssante.hygiene.plugins.module_utils.snapshot_reuse import examine


def reuse_result(found):
    """The module's result from examine(): the purges' entries, never the inventory (only hashed)."""
    purge = found.pop("purge")
    # the mailboxes the inventory measured, as the purge role lists them after a full read
    found["mailbox_entries"] = list(purge.get("mailbox_entries") or ())
    found["mailboxes"] = [{"mailbox": entry["login"]} for entry in found["mailbox_entries"]]
    counts = purge.get("counts") or {}
    found["counts"] = {"mailbox_entries": len(found["mailbox_entries"]),
                       "accounts": counts.get("accounts", 0), "bals": counts.get("bals", 0)}
    return found


def main():
    module = AnsibleModule(argument_spec=dict(path=dict(type="path", required=True),
                                              sources=dict(type="str", required=True),
                                              max_age=dict(type="raw", default="4h")),
                           supports_check_mode=True)
    with engine_errors(module):
        found = examine(module.params["path"], module.params["sources"], module.params["max_age"])
    module.exit_json(changed=False, **reuse_result(found))


if __name__ == "__main__":
    main()
