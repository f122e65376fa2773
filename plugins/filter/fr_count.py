# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
name: fr_count
short_description: A number followed by its words, singular or plural as French wants
version_added: 0.3.0
author:
  - mssante.hygiene team (@mssante)
description:
  - Returns C(<number> <words>) with the singular for 0 and 1 and the plural from 2, thousands
    grouped with a narrow no-break space (V(1 adresse), V(0 BAL ajoutée), V(12 345 messages)).
  - Without O(plural), each word of O(singular) takes an C(s) unless it already ends in s, x or z
    or is an acronym in capitals (V(BAL) stays V(BAL)).
options:
  _input:
    description: The number.
    type: int
    required: true
  singular:
    description: The words for one.
    type: str
    required: true
  plural:
    description: The words for two or more, when not the regular plural (V(BAL ajoutées)).
    type: str
"""

EXAMPLES = r"""
# "1 adresse inexistante", "3 adresses inexistantes"
- name: Count addresses
  ansible.builtin.debug:
    msg: "{{ absent | length | mssante.hygiene.fr_count('adresse inexistante') }}"

# "2 BAL ajoutées"
- name: BAL is the same in the plural
  ansible.builtin.debug:
    msg: "{{ 2 | mssante.hygiene.fr_count('BAL ajoutée', 'BAL ajoutées') }}"
"""

RETURN = r"""
_value:
  description: The number and its words.
  type: str
"""

from ansible_collections.mssante.hygiene.plugins.module_utils.fr_plural import fr_count


class FilterModule:

    def filters(self):
        return {"fr_count": fr_count}
