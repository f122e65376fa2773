# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What changed since the previous audit: findings new, resolved or persisting, request transitions.

A finding is the same from one audit to the next when its (address, code) is; its `first_seen`
is carried from the previous snapshot, so it survives the pruning of older ones.
"""

from __future__ import annotations

from ansible_collections.mssante.hygiene.plugins.module_utils.audit.codes import CODES
from ansible_collections.mssante.hygiene.plugins.module_utils.history.snapshot import finding_key

CHANGE_KINDS = ("new", "resolved", "persisting")


def first_seen_map(findings, previous, generated_at):
    """{(address, code): first_seen} of the current findings, given the previous snapshot (or None)."""
    before = {finding_key(f): f.get("first_seen") or previous["generated_at"]
              for f in (previous or {}).get("findings", ())}
    return {finding_key(f): before.get(finding_key(f), generated_at) for f in findings}


def empty_changes(since=None):
    return {"since": since, "new": [], "resolved": [], "persisting": [],
            "by_code": {code: dict.fromkeys(CHANGE_KINDS, 0) for code in CODES}, "requests": []}


def _request_transitions(before, now):
    old = {(r["address"], r["kind"]): r["state"] for r in before}
    new = {(r["address"], r["kind"]): r["state"] for r in now}
    moves = []
    for address, kind in sorted(set(old) | set(new)):
        was, is_ = old.get((address, kind), ""), new.get((address, kind), "")
        if was != is_:
            moves.append({"kind": kind, "address": address, "from": was, "to": is_})
    return moves


def changes(findings, requests, previous, first_seen):
    """The `changes` of audit.json. `findings`: current finding dicts; `requests`: current
    [{kind, address, state}]; `previous`: the snapshot compared with (None: first audit)."""
    if previous is None:
        return empty_changes()
    out = empty_changes(previous["generated_at"])
    current = {finding_key(f): f for f in findings}
    earlier = {finding_key(f): f for f in previous["findings"]}
    for key in sorted(set(current) | set(earlier)):
        if key not in earlier:
            kind, finding = "new", current[key]
            item = {"address": key[0], "code": key[1], "severity": finding["severity"], "action": finding["action"]}
        else:
            kind = "persisting" if key in current else "resolved"
            finding = current.get(key, earlier[key])
            seen = first_seen[key] if key in current else earlier[key].get("first_seen") or previous["generated_at"]
            item = {"address": key[0], "code": key[1], "severity": finding["severity"], "first_seen": seen}
        out[kind].append(item)
        out["by_code"].setdefault(key[1], dict.fromkeys(CHANGE_KINDS, 0))[kind] += 1
    out["requests"] = _request_transitions(previous["requests"], requests)
    return out
