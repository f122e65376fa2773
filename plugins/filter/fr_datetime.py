# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
name: fr_datetime
short_description: A UTC instant as a French date and time in Paris
version_added: 0.8.0
author:
  - mssante.hygiene team (@mssante)
description:
  - Returns C(dd/mm/yyyy à hh:mm) in Europe/Paris time (summer time included) for an ISO 8601
    UTC instant, as the reports show it; a plain ISO date gives C(dd/mm/yyyy); anything else
    gives an empty string.
  - The offset is computed from the European rule, so no tz database is needed.
options:
  _input:
    description: ISO 8601 instant (UTC when no offset is given) or date.
    type: str
    required: true
"""

EXAMPLES = r"""
# "01/12/2026 à 17:40"
- name: Show when the previous audit ran
  ansible.builtin.debug:
    msg: "{{ '2026-12-01T16:40:11+00:00' | mssante.hygiene.fr_datetime }}"
"""

RETURN = r"""
_value:
  description: The date and time in Paris, or the date, or an empty string.
  type: str
"""

from ansible_collections.mssante.hygiene.plugins.module_utils.report.formatting import fr_datetime


class FilterModule:

    def filters(self):
        return {"fr_datetime": fr_datetime}
