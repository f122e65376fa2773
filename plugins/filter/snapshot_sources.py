# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
name: snapshot_sources
short_description: Fingerprint of the inventory's sources, without any secret
version_added: 0.10.0
author:
  - mssante.hygiene team (@mssante)
description:
  - Returns the SHA-256 of the settings the inventory was read with - every key of the inventory
    variables C(mssante_ldap), C(mssante_annuaire), C(mssante_imap), C(mssante_connection_file), and
    the domains (without case or order) - for O(mssante.hygiene.inventory_snapshot#module:sources).
  - Secrets are left out at any depth (C(bind_pw), C(admin_password), C(api_key), C(token),
    C(client_secret), any key naming a password or secret), so a changed password keeps the
    snapshot while another server, base, filter or domain rebuilds it.
positional: annuaire, imap, connection_file, domains
options:
  _input:
    description: The inventory variable C(mssante_ldap).
    type: dict
    required: true
  annuaire:
    description: C(mssante_annuaire).
    type: dict
  imap:
    description: C(mssante_imap).
    type: dict
  connection_file:
    description: C(mssante_connection_file).
    type: dict
  domains:
    description: C(mssante_domains).
    type: list
    elements: str
seealso:
  - module: mssante.hygiene.inventory_snapshot
  - module: mssante.hygiene.inventory_snapshot_info
"""

EXAMPLES = r"""
- name: Is the last inventory still usable?
  mssante.hygiene.inventory_snapshot_info:
    path: "{{ mssante_state_dir }}/inventaire.json"
    sources: "{{ mssante_ldap | mssante.hygiene.snapshot_sources(mssante_annuaire, mssante_imap, mssante_connection_file, mssante_domains) }}"
"""

RETURN = r"""
_value:
  description: SHA-256 (hexadecimal) of the settings without their secrets.
  type: str
"""

from ansible_collections.mssante.hygiene.plugins.module_utils.snapshot_sources import snapshot_sources


class FilterModule:

    def filters(self):
        return {"snapshot_sources": snapshot_sources}
