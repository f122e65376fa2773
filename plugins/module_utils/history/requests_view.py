# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The operator requests as the report shows them: state, dates and age, the oldest pending first.

Read from the request ledger (requests/ledger.py) without taking its lock: its writers replace
it atomically, and the audit only reads it.
"""

from __future__ import annotations

import os

from ansible_collections.mssante.hygiene.plugins.module_utils.paris_time import parse_utc
from ansible_collections.mssante.hygiene.plugins.module_utils.requests.ledger import LEDGER_NAME, LedgerError, load


def _at(record, state):
    """When the request entered `state` (the last such step), "" when its history does not say."""
    steps = [h.get("at", "") for h in record.history if isinstance(h, dict) and h.get("state") == state]
    return _iso(steps[-1]) if steps else ""


def _iso(value):
    moment = parse_utc(value)
    return moment.isoformat() if moment is not None else ""


def _days(start, end):
    start, end = parse_utc(start), parse_utc(end)
    return max((end - start).days, 0) if start is not None and end is not None else 0


def request_entry(record, now):
    first = record.history[0] if record.history and isinstance(record.history[0], dict) else {}
    requested = _iso(first.get("at", ""))
    closed = "" if record.state == "pending" else _at(record, record.state)
    return {"kind": record.kind, "address": record.address, "state": record.state, "reason": record.reason,
            "operator": record.operator, "requested_at": requested, "closed_at": closed,
            "age_days": _days(requested, now if record.state == "pending" else closed)}


def requests_list(state_dir, now):
    """The `requests` of audit.json from the ledger of `state_dir` ([] without one)."""
    if not state_dir:
        return []
    try:
        ledger = load(os.path.join(state_dir, LEDGER_NAME))
    except LedgerError as exc:
        exc.parameter = "state_dir"
        raise
    entries = sorted((request_entry(record, now) for record in ledger["requests"].values()),
                     key=lambda e: (e["address"], e["kind"]))
    # pending first, the oldest request first; then the most recently closed (sorts are stable)
    pending = sorted((e for e in entries if e["state"] == "pending"), key=lambda e: e["requested_at"])
    closed = sorted((e for e in entries if e["state"] != "pending"), key=lambda e: e["closed_at"], reverse=True)
    return pending + closed


def request_states(requests):
    """What the history keeps of the requests: [{kind, address, state}]."""
    return [{"kind": r["kind"], "address": r["address"], "state": r["state"]} for r in requests]
