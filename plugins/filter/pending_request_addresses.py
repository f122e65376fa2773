# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
name: pending_request_addresses
short_description: Addresses of the requests still awaiting the operator, read from the request ledger
version_added: 0.5.0
author:
  - mssante.hygiene team (@mssante)
description:
  - Reads the request ledger that M(mssante.hygiene.operator_request) keeps (C(ledger.json) in
    its O(mssante.hygiene.operator_request#module:state_dir)) and returns the lower-cased
    addresses of the requests of one kind still in state C(pending), sorted.
  - The inventory role asks the mail platform about the pending suppressions, since a BAL the
    operator deleted is often gone from the local directory and the Annuaire Santé too, and
    only the platform's answer (no such mailbox) lets its request be confirmed.
  - A ledger that does not exist yet gives an empty list. An unreadable or corrupt ledger fails
    with a French message naming the file (it is never taken as empty).
  - Reads the file on the controller, where the collection's modules run
    (C(ansible_connection=local)); takes no lock, so it is safe in check mode and while
    another run writes the ledger (writes replace the file atomically).
positional: kind
options:
  _input:
    description: Path of the ledger file (C(<state_dir>/ledger.json)).
    type: path
    required: true
  kind:
    description: Kind of request.
    type: str
    default: suppression
    choices: [suppression, liste_rouge]
seealso:
  - module: mssante.hygiene.operator_request
  - module: mssante.hygiene.mailstore_info
"""

EXAMPLES = r"""
- name: Ask the platform about the mailboxes whose suppression is pending too
  mssante.hygiene.mailstore_info:
    mailboxes: >-
      {{ known_addresses
         | union((mssante_state_dir ~ '/ledger.json') | mssante.hygiene.pending_request_addresses)
         | unique | sort }}
"""

RETURN = r"""
_value:
  description: Lower-cased addresses of the pending requests of that kind, sorted.
  type: list
  elements: str
"""

from ansible.errors import AnsibleFilterError
from ansible_collections.mssante.hygiene.plugins.module_utils.requests.ledger import LedgerError
from ansible_collections.mssante.hygiene.plugins.module_utils.requests.pending import pending_addresses


def pending_request_addresses(ledger_path, kind="suppression"):
    try:
        return pending_addresses(ledger_path, kind)
    except (LedgerError, ValueError) as exc:
        raise AnsibleFilterError("pending_request_addresses : %s" % exc) from None


class FilterModule:

    def filters(self):
        return {"pending_request_addresses": pending_request_addresses}
