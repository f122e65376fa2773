# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
name: request_observations
short_description: What the inventory and the audit observed, as operator_request observations
version_added: 0.5.0
author:
  - mssante.hygiene team (@mssante)
description:
  - Builds the O(mssante.hygiene.operator_request#module:observations) option from the inventory
    role's C(mssante_inventory) and the audit's findings, so that the redlist and deletion roles
    state no rule in Jinja.
  - A BAL is in use (C(active)) when the platform knows a last activity for it and the audit does
    not call it unused or its owner gone (codes C(inactive), C(unpublished_inactive),
    C(departed_owner)); its pending requests are withdrawn.
  - A source the inventory did not read (C(mssante_inventory.sources)) is left out, so nothing
    that depends on it is concluded. The mailboxes the platform could not read count as existing.
positional: findings
options:
  _input:
    description: The inventory role's C(mssante_inventory).
    type: dict
    required: true
  findings:
    description: The audit's findings (C(mssante_audit.findings)).
    type: list
    elements: dict
    required: true
seealso:
  - module: mssante.hygiene.operator_request
"""

EXAMPLES = r"""
- name: Ask for the liste rouge of unused BALs
  mssante.hygiene.operator_request:
    kind: liste_rouge
    bals: "{{ mssante_audit.findings | selectattr('action', 'equalto', 'liste_rouge') | list }}"
    observations: "{{ mssante_inventory | mssante.hygiene.request_observations(mssante_audit.findings) }}"
    state_dir: /var/lib/mssante-hygiene/ch-exemple
    output_dir: /var/lib/mssante-hygiene/ch-exemple/rapports
"""

RETURN = r"""
_value:
  description: C(accounts), C(active), C(annuaire_complete), and C(published) (Annuaire Santé read),
    C(mailboxes), C(absent), C(listed_all) (platform read).
  type: dict
"""

from ansible_collections.mssante.hygiene.plugins.module_utils.requests.observations import observations


class FilterModule:

    def filters(self):
        return {"request_observations": observations}
