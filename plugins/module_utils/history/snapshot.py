# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What one audit leaves in the history: its trend point and the facts later audits compare with.

A snapshot keeps only what the changes and the trend need (findings, a few facts per BAL, the
request states), never a finding's sentence or evidence: the history stays small and holds as
little personal data as the comparison allows.
"""

from __future__ import annotations

from ansible_collections.mssante.hygiene.plugins.module_utils.requests.ledger import STATES

SCHEMA_VERSION = 1
MAILBOX_FACTS = ("address", "site", "service", "type", "published", "liste_rouge", "on_platform", "inactive_days",
                 "bytes", "trash_bytes", "trash_messages")
# the ledger's own states, in its order
REQUEST_STATES = STATES


def finding_key(finding):
    """(address, code): what makes a finding the same one from one audit to the next."""
    return finding["address"], finding["code"]


def _finding_dict(finding):
    return finding if isinstance(finding, dict) else finding.as_dict()


def documents_pending(mailbox):
    """Pending patient documents of a BAL, None when the platform did not measure them."""
    measured = mailbox.get("patient_documents")
    return None if measured is None else measured.get("pending")


def mailbox_facts(mailbox):
    facts = {name: mailbox.get(name, "" if name in ("site", "service", "type") else None) for name in MAILBOX_FACTS}
    facts["documents_pending"] = documents_pending(mailbox)
    return facts


def request_counts(requests):
    counts = dict.fromkeys(REQUEST_STATES, 0)
    for request in requests:
        counts[request["state"]] = counts.get(request["state"], 0) + 1
    return counts


def trend_point(summary, generated_at, requests):
    """The trend point of an audit from its summary and the request states ([{kind, address, state}])."""
    documents = summary.get("patient_documents") or {}
    return {
        "generated_at": generated_at,
        "mailboxes": summary["mailboxes"],
        "findings": summary["findings"],
        "by_code": dict(summary["by_code"]),
        "trash_bytes": summary["trash_bytes"],
        "trash_messages": summary["trash_messages"],
        # null, not 0, when no mailbox was measured: "unknown" must not draw as "none pending"
        "documents_pending": documents.get("pending") if documents.get("measured") else None,
        "requests": request_counts(requests),
    }


def build_snapshot(result, platform, generated_at, requests, first_seen, earlier):
    """The snapshot of an audit result. `requests`: [{kind, address, state}]; `first_seen`:
    {(address, code): ISO}; `earlier`: the trend points before this audit, oldest first."""
    findings = []
    for finding in map(_finding_dict, result["findings"]):
        item = {name: finding[name] for name in ("address", "code", "severity", "action")}
        item["first_seen"] = first_seen.get(finding_key(finding), generated_at)
        findings.append(item)
    return {
        "schema_version": SCHEMA_VERSION,
        "generated_at": generated_at,
        "platform": platform,
        "point": trend_point(result["summary"], generated_at, requests),
        "trend": list(earlier),
        "findings": findings,
        "mailboxes": [mailbox_facts(m) for m in result["mailboxes"]],
        "requests": sorted(requests, key=lambda r: (r["address"], r["kind"])),
    }


def same_content(one, other):
    """True when two snapshots say the same thing about the platform: their dates, and the trend
    (which only grows with the history), aside; first_seen too, derived from the dates.

    The request states are aside as well: the liste rouge and deletion roles change the ledger
    right after their own audit, then rewrite the report; counting that as a new audit would keep
    two snapshots per run and make the next run's audit report a change it did not see.
    """
    return _content(one) == _content(other)


def _content(snapshot):
    point = {k: v for k, v in snapshot["point"].items() if k not in ("generated_at", "requests")}
    findings = [{k: v for k, v in f.items() if k != "first_seen"} for f in snapshot["findings"]]
    return (snapshot.get("platform"), point, findings, snapshot["mailboxes"])
