# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
name: second_measure_plan
short_description: What the inventory's second measure of the mail platform asks about
version_added: 0.10.0
author:
  - mssante.hygiene team (@mssante)
description:
  - Once the Annuaire Santé is read, the inventory role measures on the platform the BALs only the
    Annuaire publishes. This filter says which, from the registered results of
    M(mssante.hygiene.annuaire_info) and of the first M(mssante.hygiene.mailstore_info).
  - C(annuaire_only) - the addresses the Annuaire publishes that the first measure was neither asked
    about nor reported (lower-cased, sorted).
  - C(probed) - the pending suppressions the Annuaire does not publish either, asked about only for
    their absence evidence (sorted).
  - C(witness) - the first mailbox the first measure read, empty when none (over IMAP, a refused login
    proves a mailbox absent only when the admin opens another one in the same call).
  - A skipped task's result counts as empty. Addresses are compared without case.
positional: pending, asked, mailstore
options:
  _input:
    description: The registered result of M(mssante.hygiene.annuaire_info) (C(bals) is read).
    type: dict
    required: true
  pending:
    description: Lower-cased addresses of the pending suppressions
      (P(mssante.hygiene.pending_request_addresses#filter)).
    type: list
    elements: str
    required: true
  asked:
    description: The logins the first measure was asked about.
    type: list
    elements: str
    required: true
  mailstore:
    description: The registered result of the first M(mssante.hygiene.mailstore_info) (C(mailboxes) is read).
    type: dict
    required: true
"""

EXAMPLES = r"""
- name: Retenir ce que la seconde mesure demande
  ansible.builtin.set_fact:
    second: "{{ annuaire_result | mssante.hygiene.second_measure_plan(pending, asked, mailstore_result) }}"
"""

RETURN = r"""
_value:
  description: C(annuaire_only) and C(probed) (lists of addresses) and C(witness) (a login, or empty).
  type: dict
"""

from ansible_collections.mssante.hygiene.plugins.module_utils.second_measure import second_measure_plan


class FilterModule:

    def filters(self):
        return {"second_measure_plan": second_measure_plan}
