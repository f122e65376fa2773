# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What the audit shows of the notice ledger: who was told about each current finding, and when.

bal_audit calls `attach_notices` after the analysis (the audit stage reads no file): each finding
with a ledger entry gains `evidence.notice`, and the summary counts the findings whose owner was
actually told. Reads only; no lock needed, the ledger is replaced atomically by its writers.
"""

from __future__ import annotations

from ansible_collections.mssante.hygiene.plugins.module_utils.notice.ledger import NoticeLedgerError, item_key, load

# the ledger fields the report shows (message_id and announces stay in the ledger)
NOTICE_FIELDS = ("first_told", "last_told", "due", "recipients", "unreachable", "noted")


def notice_evidence(entry):
    evidence = {name: entry[name] for name in NOTICE_FIELDS}
    evidence["recipients"] = list(evidence["recipients"])
    return evidence


def attach_notices(result, state_dir):
    """Add `evidence.notice` to the findings of `result` (an audit result) the ledger of `state_dir`
    knows, and `summary.notified`. A missing ledger means nobody was told; a corrupt one is an error."""
    try:
        ledger = load(state_dir)
    except NoticeLedgerError as exc:
        exc.parameter = "state_dir"
        raise
    notified = 0
    for finding in result["findings"]:
        entry = ledger["items"].get(item_key(finding.address, finding.code))
        if entry is None:
            continue
        finding.evidence["notice"] = notice_evidence(entry)
        notified += bool(entry["first_told"])
    result["summary"]["notified"] = notified
    return result
