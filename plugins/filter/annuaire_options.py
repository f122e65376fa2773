# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
name: annuaire_options
short_description: Turn the mssante_annuaire inventory variable into annuaire_info options
version_added: 0.5.0
author:
  - mssante.hygiene team (@mssante)
description:
  - Returns the options of M(mssante.hygiene.annuaire_info) found in the inventory variable
    C(mssante_annuaire) (source, API key or extraction file, TLS, completeness thresholds), ready
    for C(module_defaults) on the action group C(group/mssante.hygiene.annuaire). The task then
    passes only what the role takes from other variables (domains, organizations, practitioners,
    state directory).
  - The accepted names are read from the module's own argument spec, so a new option reaches the
    module without touching the roles.
  - Empty values (V(null), empty string, empty dict) are dropped so that the module default
    applies. V(false) and V(0) are kept.
  - Any other key, and those the role sets itself, fails with a French message that names it, the
    closest valid key and the valid keys.
  - The same as P(mssante.hygiene.checked_settings#filter) with V(mssante_annuaire).
options:
  _input:
    description: The Annuaire Santé dict (source, api_key, extraction_path, min_lines...).
    type: dict
    required: true
seealso:
  - plugin: mssante.hygiene.checked_settings
    plugin_type: filter
  - module: mssante.hygiene.annuaire_info
"""

EXAMPLES = r"""
- name: Read what the Annuaire Santé publishes for the establishment
  mssante.hygiene.annuaire_info:
    domains: "{{ mssante_domains }}"
    organizations: ["990000002"]
    state_dir: /var/lib/mssante-hygiene/ch-exemple
  module_defaults:
    group/mssante.hygiene.annuaire: "{{ mssante_annuaire | mssante.hygiene.annuaire_options }}"
"""

RETURN = r"""
_value:
  description: Options of M(mssante.hygiene.annuaire_info), without empty values.
  type: dict
"""

from ansible_collections.mssante.hygiene.plugins.filter.checked_settings import checked_settings


def annuaire_options(annuaire):
    return checked_settings(annuaire, "mssante_annuaire")


class FilterModule:

    def filters(self):
        return {"annuaire_options": annuaire_options}
