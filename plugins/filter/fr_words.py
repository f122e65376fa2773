# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
name: fr_words
short_description: The words that agree with a number, singular or plural as French wants
version_added: 0.5.0
author:
  - mssante.hygiene team (@mssante)
description:
  - Returns the words P(mssante.hygiene.fr_count#filter) would write after the number, without the
    number - the singular for 0 and 1, the plural from 2 - for a verb or an adjective that agrees
    with a count written elsewhere in the sentence (V(serait purgé), V(seraient purgés)).
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
    description: The words for two or more, when not the regular plural.
    type: str
seealso:
  - plugin: mssante.hygiene.fr_count
    plugin_type: filter
"""

EXAMPLES = r"""
# "26 messages (41 ko) seraient purgés"
- name: A verb that agrees with a count
  ansible.builtin.debug:
    msg: "{{ n | mssante.hygiene.fr_count('message') }} ({{ volume }}) {{ n | mssante.hygiene.fr_words('serait purgé', 'seraient purgés') }}"
"""

RETURN = r"""
_value:
  description: The words, singular or plural.
  type: str
"""

from ansible_collections.mssante.hygiene.plugins.module_utils.fr_plural import fr_agree as fr_words


class FilterModule:

    def filters(self):
        return {"fr_words": fr_words}
