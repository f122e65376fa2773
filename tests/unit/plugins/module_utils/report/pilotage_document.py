# -*- coding: utf-8 -*-
# SPDX-License-Identifier: GPL-3.0-or-later
"""Report documents built by hand with the pilotage keys of issue 18 (sites, scores, requests,
changes, trend), on top of the lab audit: what the renderers must show, independent of the
stages that will compute these keys."""

import copy
import json

from ansible_collections.mssante.hygiene.tests.unit.plugins.module_utils.audit.test_audit_lab import NOW, lab_audit

from ansible_collections.mssante.hygiene.plugins.module_utils.audit.codes import CODES
from ansible_collections.mssante.hygiene.plugins.module_utils.report.data import render_json, report_document

STAMP = NOW.isoformat()
NORTH, SOUTH = "010000010", "990000020"  # a FINESS with its leading zero
SITE_NAMES = {NORTH: "Site <Nord>", SOUTH: "Site Sud"}

_BASE = {}


# what an audit.json written before issue 18 lacks
_PILOTAGE_SUMMARY = ("by_site", "by_service", "scores", "requests")
_PILOTAGE_TOP = ("requests", "changes", "trend")


def plain_document():
    """The lab audit as an audit.json written before the pilotage keys: none of them."""
    if not _BASE:
        doc = json.loads(render_json(report_document(lab_audit(staff=20)[1], "demo", STAMP)))
        for key in _PILOTAGE_TOP:
            doc.pop(key, None)
        for key in _PILOTAGE_SUMMARY:
            doc["summary"].pop(key, None)
        for mailbox in doc["mailboxes"]:
            mailbox.pop("site", None)
            mailbox.pop("site_source", None)
        for finding in doc["findings"]:
            finding.pop("first_seen", None)
        _BASE["doc"] = doc
    return copy.deepcopy(_BASE["doc"])


def _counts(mailboxes, findings, key, value):
    mine = [m for m in mailboxes if (m.get(key) or "") == value]
    addresses = {m["address"] for m in mine}
    hits = [f for f in findings if f["address"] in addresses]
    return {"mailboxes": len(mine), "mailboxes_with_findings": len({f["address"] for f in hits}),
            "findings": len(hits), "by_code": {c: sum(1 for f in hits if f["code"] == c) for c in CODES},
            "by_severity": {s: sum(1 for f in hits if f["severity"] == s) for s in ("critical", "warning", "info")}}


def _point(at, findings, mailboxes, trash, documents, pending):
    return {"generated_at": at, "mailboxes": mailboxes, "findings": findings,
            "by_code": dict(dict.fromkeys(CODES, 0), inactive=findings // 2, trash_overdue=findings - findings // 2),
            "trash_bytes": trash, "trash_messages": trash // 1000, "documents_pending": documents,
            "requests": {"pending": pending, "confirmed": 1, "withdrawn": 0}}


REQUESTS = [
    {"kind": "suppression", "address": "closed@x.fr", "state": "confirmed", "reason": "departed_owner",
     "operator": "ops", "requested_at": "2026-10-01T08:00:00+00:00", "closed_at": "2026-10-11T08:00:00+00:00",
     "age_days": 10},
    {"kind": "liste_rouge", "address": "young@x.fr", "state": "pending", "reason": "inactive", "operator": "ops",
     "requested_at": "2026-11-20T08:00:00+00:00", "closed_at": "", "age_days": 6},
    {"kind": "liste_rouge", "address": "old@x.fr", "state": "pending", "reason": "inactive",
     "operator": "<script>x</script>", "requested_at": "2026-09-01T08:00:00+00:00", "closed_at": "", "age_days": 86},
    {"kind": "suppression", "address": "gone@x.fr", "state": "withdrawn", "reason": "unpublished_inactive",
     "operator": "ops", "requested_at": "2026-09-01T08:00:00+00:00", "closed_at": "2026-11-01T08:00:00+00:00",
     "age_days": 61},
]


def pilotage_document(trend_points=3, since="2026-10-26T09:00:00+00:00"):
    """The lab audit with every key of the issue-18 contract filled in by hand."""
    doc = plain_document()
    for index, mailbox in enumerate(doc["mailboxes"]):
        mailbox["site"] = (NORTH, SOUTH, "")[index % 3]
        mailbox["site_source"] = ("annuaire", "directory", "")[index % 3]
    for finding in doc["findings"]:
        finding["first_seen"] = "2026-10-26T09:00:00+00:00" if finding["code"] == "inactive" else STAMP
    summary = doc["summary"]
    summary["by_site"] = [dict(site=s, name=SITE_NAMES.get(s, ""), **_counts(doc["mailboxes"], doc["findings"], "site", s))
                          for s in (NORTH, SOUTH, "")]
    services = sorted({m["service"] for m in doc["mailboxes"] if m["service"]}) + [""]
    summary["by_service"] = [dict(service=s, **_counts(doc["mailboxes"], doc["findings"], "service", s))
                             for s in services]
    summary["scores"] = [
        {"rule": 1, "key": "one_situation", "label": "BAL publiées avec une seule situation", "numerator": 174,
         "denominator": 200},
        {"rule": 1, "key": "active", "label": "BAL actives", "numerator": 29, "denominator": 100},
        {"rule": 1, "key": "owner_known", "label": "BAL au titulaire connu", "numerator": 1999, "denominator": 2000},
        {"rule": 2, "key": "trash_ok", "label": "Corbeilles sous la limite", "numerator": 3, "denominator": 4},
        {"rule": 2, "key": "documents_integrated", "label": "Documents patients intégrés", "numerator": 0,
         "denominator": 0},
        {"rule": 3, "key": "preferred", "label": "Professionnels avec une BAL préférentielle", "numerator": 0,
         "denominator": 0},
        {"rule": 3, "key": "published_active", "label": "BAL actives publiées", "numerator": 9, "denominator": 10},
    ]
    summary["requests"] = {"pending": 2, "confirmed": 1, "withdrawn": 1}
    doc["requests"] = copy.deepcopy(REQUESTS)
    doc["changes"] = {
        "since": since,
        "new": [{"address": "b@x.fr", "code": "trash_overdue", "severity": "info", "action": "purge"},
                {"address": "a@x.fr", "code": "inactive", "severity": "warning", "action": "liste_rouge"}],
        "resolved": [{"address": "c@x.fr", "code": "departed_owner", "severity": "critical",
                      "first_seen": "2026-09-01T09:00:00+00:00"}],
        "persisting": [{"address": "d@x.fr", "code": "inactive", "severity": "warning",
                        "first_seen": "2026-10-26T09:00:00+00:00"}],
        "by_code": dict({c: {"new": 0, "resolved": 0, "persisting": 0} for c in CODES},
                        inactive={"new": 1, "resolved": 0, "persisting": 1},
                        trash_overdue={"new": 1, "resolved": 0, "persisting": 0},
                        departed_owner={"new": 0, "resolved": 1, "persisting": 0}),
        "requests": [{"kind": "suppression", "address": "closed@x.fr", "from": "pending", "to": "confirmed"},
                     {"kind": "liste_rouge", "address": "young@x.fr", "from": "", "to": "pending"}],
    } if since is not None else {"since": None, "new": [], "resolved": [], "persisting": [], "requests": [],
                                 "by_code": {c: {"new": 0, "resolved": 0, "persisting": 0} for c in CODES}}
    points = [_point("2026-03-28T23:30:00+00:00", 40, 31, 5 * 1024 ** 3, None, 1),
              _point("2026-10-26T09:00:00+00:00", 30, 30, 2 * 1024 ** 3, 12, 3),
              _point(STAMP, 22, 30, 1024 ** 3, 4, 2)]
    doc["trend"] = points[-trend_points:]
    return doc


def group_document():
    """Two platforms merged as the group report will: entries carry `platform`, plus `platforms`."""
    doc = pilotage_document()
    for index, mailbox in enumerate(doc["mailboxes"]):
        mailbox["platform"] = ("nord", "sud")[index % 2]
    where = {m["address"]: m["platform"] for m in doc["mailboxes"]}
    for finding in doc["findings"]:
        finding["platform"] = where[finding["address"]]
    for entry in doc["requests"] + doc["changes"]["new"] + doc["changes"]["resolved"] + doc["changes"]["requests"]:
        entry["platform"] = "sud"
    doc["platform"] = "GHT"
    doc["platforms"] = [{"platform": "nord", "generated_at": STAMP, "mailboxes": 15, "findings": 11},
                        {"platform": "sud", "generated_at": "2026-11-25T22:30:00+00:00", "mailboxes": 15,
                         "findings": 11}]
    return doc
