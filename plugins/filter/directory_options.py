# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
name: directory_options
short_description: Turn the mssante_ldap inventory variable into directory_info options
version_added: 0.5.0
author:
  - mssante.hygiene team (@mssante)
description:
  - Returns the options of M(mssante.hygiene.directory_info) found in the inventory variable
    C(mssante_ldap) (connection, search, attribute map), ready for C(module_defaults) on the action
    group C(group/mssante.hygiene.directory). The task then passes only
    O(mssante.hygiene.directory_info#module:domains).
  - The accepted names are read from the module's own argument spec, so a new option reaches the
    module without touching the roles.
  - Empty values (V(null), empty string, empty dict) are dropped so that the module default
    applies. V(false) and V(0) are kept.
  - Any other key, and C(domains) (given by C(mssante_domains)), fails with a French message that
    names it, the closest valid key and the valid keys.
  - The same as P(mssante.hygiene.checked_settings#filter) with V(mssante_ldap).
options:
  _input:
    description: The LDAP dict (server_uri, bind_dn, bind_pw, dn, filter...).
    type: dict
    required: true
seealso:
  - plugin: mssante.hygiene.checked_settings
    plugin_type: filter
  - module: mssante.hygiene.directory_info
"""

EXAMPLES = r"""
- name: Read the directory with the inventory's connection
  mssante.hygiene.directory_info:
    domains: "{{ mssante_domains }}"
  module_defaults:
    group/mssante.hygiene.directory: "{{ mssante_ldap | mssante.hygiene.directory_options }}"
"""

RETURN = r"""
_value:
  description: Options of M(mssante.hygiene.directory_info), without empty values.
  type: dict
"""

from ansible_collections.mssante.hygiene.plugins.filter.checked_settings import checked_settings


def directory_options(ldap):
    return checked_settings(ldap, "mssante_ldap")


class FilterModule:

    def filters(self):
        return {"directory_options": directory_options}
