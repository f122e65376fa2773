# -*- coding: utf-8 -*-
# SPDX-License-Identifier: GPL-3.0-or-later
"""One score per golden rule: numerator / denominator, 0 / 0 when nothing could be measured."""

import datetime as dt

from ansible_collections.mssante.hygiene.plugins.module_utils.audit.analysis import audit

NOW = dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.timezone.utc)
DOMAIN = "ch-test.mssante.fr"
EG = "990000010"
EST = {"name": "CH Test", "finess_ej": "990000002", "finess_eg": [EG], "domains": [DOMAIN]}
KEYS = [(1, "one_situation"), (1, "active"), (1, "owner_known"), (2, "trash_ok"), (2, "documents_integrated"),
        (3, "preferred"), (3, "published_active")]


def ago(days):
    return (NOW - dt.timedelta(days=days)).isoformat()


def person(uid, rpps, status="active"):
    return {"dn": "uid=" + uid, "mails": ["%s@%s" % (uid, DOMAIN)], "rpps": rpps, "status": status, "bal_type": "PER"}


def published(uid, rpps, situations=("SE1",), preferred=True):
    return {"address": "%s@%s" % (uid, DOMAIN), "type": "PER", "carrier": ["PractitionerRole"], "rpps": rpps,
            "situations": list(situations), "structures": [EG], "preferred": preferred}


def box(uid, days=3, trash_days=5, documents=None):
    return {"mailbox": "%s@%s" % (uid, DOMAIN), "last_activity": ago(days) if days is not None else "",
            "last_activity_source": "last_login", "messages": 10, "bytes": 1000, "trash_messages": 1,
            "trash_bytes": 100, "trash_oldest": ago(trash_days), "patient_documents": documents}


def scores(*args, **kwargs):
    return {s["key"]: s for s in audit(*args, now=NOW, **kwargs)["summary"]["scores"]}


def ratio(score):
    return score["numerator"], score["denominator"]


def test_every_score_in_contract_order_with_a_french_label():
    result = audit([], [], [], [], EST, now=NOW)["summary"]["scores"]
    assert [(s["rule"], s["key"]) for s in result] == KEYS
    assert all(set(s) == {"rule", "key", "label", "numerator", "denominator"} for s in result)
    labels = {s["key"]: s["label"] for s in result}
    assert labels["active"] == "BAL actives (activité < 60 jours)"
    assert labels["trash_ok"] == "Corbeilles sous la limite de 30 jours"
    assert labels["published_active"] == "BAL actives publiées dans l'Annuaire Santé"
    assert all(ratio(s) == (0, 0) for s in result)  # nothing measured: "non mesurable", never 0 %


def _platform():
    """a: healthy; b: two situations, inactive; c: departed, no preferred; d: unknown owner, unpublished,
    activity unknown, old trash; e: published, no mailbox on the platform."""
    accounts = [person("a", "10000000001"), person("b", "10000000002"), person("c", "10000000003", "disabled")]
    bals = [published("a", "10000000001"), published("b", "10000000002", ("SE1", "SE2")),
            published("c", "10000000003", preferred=False), published("e", "10000000005")]
    docs = {"total": 4, "integrated": 3, "pending": 1, "oldest_pending": NOW.date().isoformat()}
    mailboxes = [box("a", documents=docs), box("b", days=90), box("c"), box("d", days=None, trash_days=90)]
    return accounts, bals, [], mailboxes, EST


def test_rule_1_scores():
    found = scores(*_platform(), thresholds={"preferred_check": "always"})
    assert ratio(found["one_situation"]) == (3, 4)  # a, c, e have one situation; b two
    assert ratio(found["active"]) == (2, 3)  # a, c active; b inactive; d unknown activity left out
    assert ratio(found["owner_known"]) == (3, 5)  # c departed, d unknown


def test_rule_2_scores():
    found = scores(*_platform())
    assert ratio(found["trash_ok"]) == (3, 4)  # d's trash is overdue; e is not on the platform
    assert ratio(found["documents_integrated"]) == (3, 4)


def test_rule_3_scores():
    found = scores(*_platform(), thresholds={"preferred_check": "always"})
    assert ratio(found["preferred"]) == (3, 4)  # professionals a, b, c, e; c has no preferred BAL
    assert ratio(found["published_active"]) == (2, 3)  # a, c, d active on the platform (b is not); d unpublished


def test_preferred_not_measured_when_the_check_was_not_made():
    found = scores(*_platform(), thresholds={"preferred_check": "never"})
    assert ratio(found["preferred"]) == (0, 0)


def test_a_preferred_bal_on_another_domain_counts():
    accounts, bals, situations, mailboxes, est = _platform()
    bals.append(dict(published("c", "10000000003"), address="c@cabinet.mssante.fr"))
    found = scores(accounts, bals, situations, mailboxes, est, thresholds={"preferred_check": "always"})
    assert ratio(found["preferred"]) == (4, 4)
