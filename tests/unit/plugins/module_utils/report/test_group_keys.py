# -*- coding: utf-8 -*-
# SPDX-License-Identifier: GPL-3.0-or-later
"""The group report's merge of the keys added for pilotage: sites, services, scores, requests,
changes and trend (each optional in its inputs)."""

import json

from ansible_collections.mssante.hygiene.plugins.module_utils.report.group import group_document


def counts(**by_code):
    return dict({"inactive": 0, "trash_overdue": 0}, **by_code)


def point(at, mailboxes, findings, documents=None, pending=0, **by_code):
    return {"generated_at": at, "mailboxes": mailboxes, "findings": findings, "by_code": counts(**by_code),
            "trash_bytes": 10 * mailboxes, "trash_messages": mailboxes, "documents_pending": documents,
            "requests": {"pending": pending, "confirmed": 0, "withdrawn": 0}}


def site(finess, name, mailboxes, findings):
    return {"site": finess, "name": name, "mailboxes": mailboxes, "mailboxes_with_findings": findings,
            "findings": findings, "by_code": counts(inactive=findings),
            "by_severity": {"critical": 0, "warning": findings, "info": 0}}


def document(at, establishment, trend, **extra):
    summary = {"establishment": establishment, "mailboxes": trend[-1]["mailboxes"],
               "findings": trend[-1]["findings"], "by_code": trend[-1]["by_code"],
               "patient_documents": {"measured": 1, "pending": 0, "oldest_pending": None},
               "notes": []}
    summary.update(extra.pop("summary", {}))
    return dict({"generated_at": at, "platform": "", "summary": summary, "findings": [], "mailboxes": [],
                 "trend": trend}, **extra)


def merged(tmp_path, **documents):
    reports = []
    for name, doc in documents.items():
        path = tmp_path / (name + ".json")
        path.write_text(json.dumps(doc), encoding="utf-8")
        reports.append({"platform": name, "path": str(path)})
    return group_document("GHT", reports)


A = {"name": "CH A", "finess_ej": "990000002", "finess_eg": ["990000028", "990000010"], "siret": "",
     "domains": ["ch-a.mssante.fr"], "site_names": {"990000010": "Site A1"}}
B = {"name": "CH B", "finess_ej": "990000036", "finess_eg": ["990000044", "990000010"], "siret": "",
     "domains": ["ch-b.mssante.fr"], "site_names": {"990000044": "Site B"}}


def test_identity_is_the_group_with_every_site_and_domain(tmp_path):
    group = merged(tmp_path, a=document("2026-11-26T09:00:00+00:00", A, [point("2026-11-26T09:00:00+00:00", 1, 0)]),
                   b=document("2026-11-26T09:00:00+00:00", B, [point("2026-11-26T09:00:00+00:00", 1, 0)]))
    assert group["summary"]["establishment"] == {
        "name": "GHT", "finess_ej": "", "finess_eg": ["990000010", "990000028", "990000044"], "siret": "",
        "domains": ["ch-a.mssante.fr", "ch-b.mssante.fr"],
        "site_names": {"990000010": "Site A1", "990000044": "Site B"}}


def test_sites_services_and_scores_are_summed_by_key(tmp_path):
    at = "2026-11-26T09:00:00+00:00"
    a = document(at, A, [point(at, 5, 3)], summary={
        "by_site": [site("990000010", "Site A1", 3, 2), site("", "", 2, 1)],
        "by_service": [{"service": "Urgences", "mailboxes": 3, "findings": 2},
                       {"service": "", "mailboxes": 2, "findings": 1}],
        "scores": [{"rule": 3, "key": "preferred", "label": "BAL préférentielle", "numerator": 1, "denominator": 2},
                   {"rule": 1, "key": "active", "label": "BAL actives", "numerator": 4, "denominator": 5}]})
    b = document(at, B, [point(at, 4, 2)], summary={
        "by_site": [site("990000044", "", 2, 1), site("990000010", "", 2, 1)],
        "by_service": [{"service": "Cardiologie", "mailboxes": 4, "findings": 2}],
        "scores": [{"rule": 1, "key": "active", "label": "BAL actives", "numerator": 3, "denominator": 4},
                   {"rule": 3, "key": "preferred", "label": "BAL préférentielle", "numerator": 0, "denominator": 0}]})
    summary = merged(tmp_path, a=a, b=b)["summary"]
    assert [(s["site"], s["name"], s["mailboxes"], s["by_code"]["inactive"]) for s in summary["by_site"]] == [
        ("990000010", "Site A1", 5, 3), ("990000044", "", 2, 1), ("", "", 2, 1)]
    assert summary["by_site"][0]["by_severity"] == {"critical": 0, "warning": 3, "info": 0}
    assert [(s["service"], s["mailboxes"]) for s in summary["by_service"]] == [
        ("Cardiologie", 4), ("Urgences", 3), ("", 2)]
    assert summary["scores"] == [
        {"rule": 1, "key": "active", "label": "BAL actives", "numerator": 7, "denominator": 9},
        {"rule": 3, "key": "preferred", "label": "BAL préférentielle", "numerator": 1, "denominator": 2}]


def test_one_platform_with_the_new_keys_and_one_without(tmp_path):
    at = "2026-11-26T09:00:00+00:00"
    a = document(at, A, [point(at, 5, 3)],
                 summary={"by_site": [site("990000010", "", 5, 3)],
                          "requests": {"pending": 1, "confirmed": 0, "withdrawn": 0}})
    b = document(at, B, [point(at, 4, 2)])
    del b["trend"]
    summary = merged(tmp_path, a=a, b=b)["summary"]
    assert summary["by_site"] == [site("990000010", "", 5, 3)]
    assert summary["requests"] == {"pending": 1, "confirmed": 0, "withdrawn": 0}


def test_requests_pending_oldest_first_then_latest_closed(tmp_path):
    at = "2026-11-26T09:00:00+00:00"

    def request(address, state, requested, closed=""):
        return {"kind": "liste_rouge", "address": address, "state": state, "reason": "inactive", "operator": "op",
                "requested_at": requested, "closed_at": closed, "age_days": 1}
    a = document(at, A, [point(at, 1, 0)], requests=[
        request("x@a", "pending", "2026-10-02T00:00:00+00:00"),
        request("y@a", "confirmed", "2026-09-01T00:00:00+00:00", "2026-09-20T00:00:00+00:00")])
    b = document(at, B, [point(at, 1, 0)], requests=[
        request("z@b", "pending", "2026-10-01T00:00:00+00:00"),
        request("w@b", "withdrawn", "2026-09-01T00:00:00+00:00", "2026-10-20T00:00:00+00:00")])
    rows = merged(tmp_path, a=a, b=b)["requests"]
    assert [(r["platform"], r["address"]) for r in rows] == [("b", "z@b"), ("a", "x@a"), ("b", "w@b"), ("a", "y@a")]


def test_changes_side_by_side_since_the_oldest_previous_audit(tmp_path):
    at = "2026-11-26T09:00:00+00:00"
    zero = {"new": 0, "resolved": 0, "persisting": 0}
    a = document(at, A, [point(at, 1, 0)], changes={
        "since": "2026-11-25T09:00:00+00:00",
        "new": [{"address": "x@a", "code": "inactive", "severity": "warning", "action": "liste_rouge"}],
        "resolved": [], "persisting": [],
        "by_code": {"inactive": dict(zero, new=1), "trash_overdue": zero},
        "requests": [{"kind": "liste_rouge", "address": "x@a", "from": "pending", "to": "confirmed"}]})
    b = document(at, B, [point(at, 1, 0)], changes={
        "since": "2026-11-19T09:00:00+01:00", "new": [{"address": "a@b", "code": "inactive", "severity": "warning",
                                                      "action": "reconnect"}],
        "resolved": [{"address": "b@b", "code": "trash_overdue", "severity": "info", "first_seen": at}],
        "persisting": [], "by_code": {"inactive": dict(zero, new=1), "trash_overdue": dict(zero, resolved=1)},
        "requests": []})
    changes = merged(tmp_path, b=b, a=a)["changes"]
    assert changes["since"] == "2026-11-19T09:00:00+01:00"
    assert [(r["platform"], r["address"]) for r in changes["new"]] == [("a", "x@a"), ("b", "a@b")]
    assert changes["resolved"][0]["platform"] == "b"
    assert changes["by_code"]["inactive"] == {"new": 2, "resolved": 0, "persisting": 0}
    assert changes["by_code"]["trash_overdue"] == {"new": 0, "resolved": 1, "persisting": 0}
    assert changes["by_code"]["quota_near_full"] == zero  # every code, even absent from the inputs
    assert changes["requests"] == [{"platform": "a", "kind": "liste_rouge", "address": "x@a", "from": "pending",
                                    "to": "confirmed"}]


def test_trend_is_merged_by_paris_day_with_each_platform_latest_point(tmp_path):
    # a keeps three audits: the group shows three days, the latest (30/10 falls out)
    a_points = [point("2026-10-30T08:00:00+00:00", 10, 6, documents=2, inactive=6),
                point("2026-11-01T08:00:00+00:00", 10, 5, documents=2, inactive=5),
                point("2026-11-03T08:00:00+00:00", 10, 4, documents=1, inactive=4)]
    # 23:30 UTC on 01/11 is already 02/11 in Paris
    b_points = [point("2026-11-01T23:30:00+00:00", 20, 8, pending=1, inactive=8),
                point("2026-11-03T07:00:00+00:00", 20, 6, inactive=6)]
    trend = merged(tmp_path, a=document(a_points[-1]["generated_at"], A, a_points),
                   b=document(b_points[-1]["generated_at"], B, b_points))["trend"]
    assert [(p["generated_at"], p["mailboxes"], p["findings"]) for p in trend] == [
        ("2026-11-01T08:00:00+00:00", 10, 5),    # only a has audited yet
        ("2026-11-01T23:30:00+00:00", 30, 13),   # a's 01/11 + b's 02/11
        ("2026-11-03T08:00:00+00:00", 30, 10)]   # both latest
    assert [p["documents_pending"] for p in trend] == [2, 2, 1]
    assert trend[1]["by_code"]["inactive"] == 13 and trend[1]["requests"]["pending"] == 1
    assert trend[1]["trash_bytes"] == 300
    assert list(trend[0])[:8] == ["generated_at", "mailboxes", "findings", "by_code", "trash_bytes",
                                  "trash_messages", "documents_pending", "requests"]


def test_trend_documents_unknown_everywhere_stays_unknown(tmp_path):
    at = "2026-11-26T09:00:00+00:00"
    trend = merged(tmp_path, a=document(at, A, [point(at, 1, 0)]), b=document(at, B, [point(at, 2, 0)]))["trend"]
    assert trend[0]["documents_pending"] is None and trend[0]["mailboxes"] == 3
