# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The addresses of the requests still awaiting the operator, read from the request ledger.

The inventory asks the platform about them: a BAL the operator deleted is often gone from the
local directory and the Annuaire Santé too, and the platform can only show it absent (the
evidence that confirms its suppression) if it is asked about it.
"""

from __future__ import annotations

from ansible_collections.mssante.hygiene.plugins.module_utils.fr_text import joined, quoted
from ansible_collections.mssante.hygiene.plugins.module_utils.requests.ledger import KINDS, LedgerError, load


def pending_addresses(ledger_path, kind="suppression"):
    """Sorted addresses of the pending `kind` requests; [] when the ledger does not exist yet.

    Raises LedgerError (French, naming the file) when the ledger is unreadable or corrupt, and
    ValueError for an unknown kind. Reads only: no lock, safe in check mode.
    """
    if kind not in KINDS:
        raise ValueError("kind doit valoir %s, reçu %s" % (joined(KINDS), quoted(kind)))
    if not ledger_path:
        raise LedgerError("registre des demandes : chemin vide (mssante_state_dir)")
    requests = load(ledger_path)["requests"].values()
    return sorted({r.address.strip().lower() for r in requests if r.kind == kind and r.state == "pending"})
