# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Operator requests, changes and trend of a group report, from its platforms' audit.json.

The platforms are not audited at the same moment, so the trend is merged by day (in Paris): on
each day one of them has a point, the group counts every platform's latest point on or before
that day. A platform whose audit.json predates the history contributes its audit as one point.
"""

from __future__ import annotations

from ansible_collections.mssante.hygiene.plugins.module_utils.audit.codes import CODES
from ansible_collections.mssante.hygiene.plugins.module_utils.paris_time import paris_date, parse_utc
from ansible_collections.mssante.hygiene.plugins.module_utils.report.group_merge import merge_dicts, tagged
from ansible_collections.mssante.hygiene.plugins.module_utils.report.labels import REQUEST_STATES as REQUEST_STATE_LABELS

REQUEST_STATES = tuple(REQUEST_STATE_LABELS)  # the report's vocabulary, in the ledger's order
CHANGE_LISTS = ("new", "resolved", "persisting")
POINT_KEYS = ("generated_at", "mailboxes", "findings", "by_code", "trash_bytes", "trash_messages",
              "documents_pending", "requests")


def _zeros(keys):
    return dict.fromkeys(keys, 0)


def _entries(audits, key):
    """(platform, entry) of a list of each document, absent or malformed lists giving nothing."""
    for audit in audits:
        value = audit.document.get(key)
        for entry in value if isinstance(value, list) else []:
            if isinstance(entry, dict):
                yield audit.platform, entry


def merge_requests(audits):
    """Every platform's requests: pending first (oldest first), then closed ones (latest closed first)."""
    rows = sorted((tagged(p, e) for p, e in _entries(audits, "requests")),
                  key=lambda r: (r["platform"], r.get("address") or "", r.get("kind") or ""))
    pending = sorted((r for r in rows if r.get("state") == "pending"), key=lambda r: r.get("requested_at") or "")
    closed = sorted((r for r in rows if r.get("state") != "pending"), key=lambda r: r.get("closed_at") or "",
                    reverse=True)
    return pending + closed


def _by_address(rows, second):
    return sorted(rows, key=lambda r: (r["platform"], r.get("address") or "", r.get(second) or ""))


def merge_changes(audits):
    """The platforms' changes side by side; `since` is the oldest previous audit among them."""
    parts = [(a.platform, a.document["changes"]) for a in audits if isinstance(a.document.get("changes"), dict)]
    sinces = [c["since"] for _p, c in parts if parse_utc(c.get("since")) is not None]
    merged = {"since": min(sinces, key=parse_utc) if sinces else None}
    for name in CHANGE_LISTS:
        rows = [tagged(p, e) for p, c in parts for e in c.get(name) or [] if isinstance(e, dict)]
        merged[name] = _by_address(rows, "code")
    merged["by_code"] = merge_dicts([c.get("by_code") for _p, c in parts],
                                    base={code: _zeros(CHANGE_LISTS) for code in CODES})
    rows = [tagged(p, e) for p, c in parts for e in c.get("requests") or [] if isinstance(e, dict)]
    merged["requests"] = _by_address(rows, "kind")
    return merged


def _point_of_summary(document):
    """The trend point of an audit.json written before the history existed."""
    summary = document["summary"]
    documents = summary.get("patient_documents") or {}
    return {"generated_at": document["generated_at"], "mailboxes": summary.get("mailboxes", 0),
            "findings": summary.get("findings", 0), "by_code": summary.get("by_code") or {},
            "trash_bytes": summary.get("trash_bytes", 0), "trash_messages": summary.get("trash_messages", 0),
            "documents_pending": documents.get("pending") if documents.get("measured") else None,
            "requests": summary.get("requests") or _zeros(REQUEST_STATES)}


def platform_points(document):
    """A platform's trend points, oldest first, each with its Paris day."""
    trend = document.get("trend")
    points = [p for p in trend if isinstance(p, dict) and parse_utc(p.get("generated_at")) is not None] \
        if isinstance(trend, list) else []
    points = points or [_point_of_summary(document)]
    return sorted(((paris_date(p["generated_at"]), p) for p in points), key=lambda dp: parse_utc(dp[1]["generated_at"]))


def _sum_points(points):
    merged = merge_dicts(points, base={"by_code": _zeros(CODES), "requests": _zeros(REQUEST_STATES)})
    merged["generated_at"] = max((p["generated_at"] for p in points), key=parse_utc)
    if all(p.get("documents_pending") is None for p in points):
        merged["documents_pending"] = None  # measured nowhere is not "none pending"
    ordered = {key: merged.get(key) for key in POINT_KEYS}
    ordered.update((k, v) for k, v in merged.items() if k not in ordered)
    return ordered


def merge_trend(audits):
    """One point per Paris day where a platform has one: each platform's latest point up to that day, summed.

    As many days as the longest platform trend, the latest ones: platforms audited on different
    days would otherwise give the group more points than any platform keeps (mssante_history_keep).
    """
    per_platform = [platform_points(audit.document) for audit in audits]
    days = sorted({day for points in per_platform for day, _p in points})
    days = days[-max(len(points) for points in per_platform):] if per_platform else []
    trend = []
    for day in days:
        latest = [[p for d, p in points if d <= day] for points in per_platform]
        trend.append(_sum_points([known[-1] for known in latest if known]))
    return trend
