# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The report's data: the contract JSON document and the French cells every format shares.

`report_document` is exactly what audit.json holds; the CSV and HTML renderers read the same
document, so the three files always agree.
"""

from __future__ import annotations

import json

from ansible_collections.mssante.hygiene.plugins.module_utils.audit.codes import (
    CODE_ORDER, action_label, activity_source_label, code_label, severity_label)
from ansible_collections.mssante.hygiene.plugins.module_utils.fr_numbers import fr_date
from ansible_collections.mssante.hygiene.plugins.module_utils.report.formatting import fr_day, fr_percent

NO_SERVICE = "(sans service)"
NOT_MEASURED = "non mesuré"
DIRECTORY_STATUS = {"active": "actif", "disabled": "désactivé", "absent": "absent"}


HISTORY_KEYS = ("requests", "changes", "trend")
# pieces of audit.json encoded at once: large enough to be quick, small next to the file
_JSON_BATCH = 4096


def report_document(result, platform, generated_at):
    """The audit.json document: {generated_at, platform, summary, findings, mailboxes}, then the
    `requests`, `changes` and `trend` bal_audit's history stage put in `result` (left out when absent)."""
    findings = [f if isinstance(f, dict) else f.as_dict() for f in result["findings"]]
    first_seen = result.get("first_seen")
    if first_seen is not None:
        findings = [dict(f, first_seen=_or_now(first_seen.get((f["address"], f["code"])), generated_at))
                    for f in findings]
    document = {
        "generated_at": generated_at,
        "platform": platform,
        "summary": result["summary"],
        "findings": findings,
        "mailboxes": result["mailboxes"],
    }
    document.update((key, result[key]) for key in HISTORY_KEYS if key in result)
    if document.get("trend"):
        # the history leaves this audit's own point undated: it is this document's
        document["trend"] = [dict(p, generated_at=_or_now(p["generated_at"], generated_at)) for p in document["trend"]]
    return document


def _or_now(value, generated_at):
    return generated_at if value is None else value


def json_chunks(document):
    """audit.json as UTF-8 chunks: keys in contract order, one trailing newline.

    The same text as json.dumps(indent=2), encoded a batch of pieces at a time: json.dumps with an
    indent first lists every piece (a few small strings per value), several times the file's size.
    """
    batch = []
    for piece in json.JSONEncoder(ensure_ascii=False, indent=2).iterencode(document):
        batch.append(piece)
        if len(batch) >= _JSON_BATCH:
            yield "".join(batch).encode("utf-8")
            batch = []
    batch.append("\n")
    yield "".join(batch).encode("utf-8")


def render_json(document):
    """audit.json bytes (json_chunks joined)."""
    return b"".join(json_chunks(document))


def findings_by_address(document):
    grouped = {}
    for finding in document["findings"]:
        grouped.setdefault(finding["address"], []).append(finding)
    for items in grouped.values():
        items.sort(key=lambda f: CODE_ORDER.get(f["code"], 99))
    return grouped


def publication_text(mailbox):
    if mailbox["liste_rouge"]:
        return "liste rouge"
    return "oui" if mailbox["published"] else "non"


def presence_text(mailbox):
    """On the platform: oui, non, or non mesuré when the platform was not read (hosted elsewhere)."""
    if mailbox.get("on_platform") is None:
        return NOT_MEASURED
    return "oui" if mailbox["on_platform"] else "non"


def mailbox_cells(mailbox):
    """French, human-readable cells of one inventory entry (shared by CSV and HTML)."""
    return {
        "address": mailbox["address"],
        "type": mailbox["type"] or "?",
        "service": mailbox["service"] or NO_SERVICE,
        "site": mailbox.get("site") or "",
        "owner": mailbox["owner"],
        "rpps": mailbox["rpps"],
        "directory": DIRECTORY_STATUS.get(mailbox["directory_status"], mailbox["directory_status"]),
        "published": publication_text(mailbox),
        "on_platform": presence_text(mailbox),
        "last_activity": fr_day(mailbox["last_activity"]) or ("inconnue" if mailbox["on_platform"] else ""),
        "activity_source": activity_source_label(mailbox.get("last_activity_source")),
        "inactive_days": "" if mailbox["inactive_days"] is None else str(mailbox["inactive_days"]),
        "trash_oldest": fr_day(mailbox["trash_oldest"]),
        "quota": fr_percent(mailbox["quota_used_bytes"], mailbox["quota_limit_bytes"]),
    }


def documents_cells(mailbox):
    """Pending patient documents of one BAL: counts and the oldest date, "non mesuré" when unknown."""
    measured = mailbox.get("patient_documents")
    if measured is None:
        unknown = "non mesuré" if mailbox["on_platform"] else ""
        return {"documents_pending": unknown, "documents_oldest": ""}
    return {"documents_pending": str(measured["pending"]), "documents_oldest": fr_date(measured["oldest_pending"])}


def notice_cells(finding):
    """When the owner was first told of the finding and the date the notice announced ("" when not told)."""
    notice = (finding or {}).get("evidence", {}).get("notice") or {}
    return {"notice_first": fr_day(notice.get("first_told")), "notice_due": fr_date(notice.get("due"))}


def finding_cells(finding):
    return {
        "code": finding["code"],
        "label": code_label(finding["code"]),
        "severity": severity_label(finding["severity"]),
        "action": action_label(finding["action"]),
        "detail": finding["detail"],
        "first_seen": fr_day(finding.get("first_seen")),
    }
