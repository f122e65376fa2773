# SPDX-License-Identifier: GPL-3.0-or-later
"""Finding -> notice item: what to do, by when, what is announced, which facts (counts only)."""
import datetime as dt

import pytest

from ansible_collections.mssante.hygiene.plugins.module_utils.errors import OptionError
from ansible_collections.mssante.hygiene.plugins.module_utils.notice import ledger
from ansible_collections.mssante.hygiene.plugins.module_utils.notice.items import items_from
from ansible_collections.mssante.hygiene.plugins.module_utils.notice.owners import Owners
from tests.unit.plugins.module_utils.notice.notice_data import (
    ACCOUNTS, BALS, CARDIO, JEAN, NOW, TODAY, finding, options)


def items(findings, data=None, **overrides):
    return items_from(findings, Owners(ACCOUNTS, BALS), data or ledger.empty(), TODAY, options(**overrides))


def test_inactive_soon_is_due_on_the_audit_threshold_date_else_from_last_activity():
    dated = finding(JEAN, "inactive_soon", threshold_date="2026-12-30")
    undated = finding(CARDIO, "inactive_soon")
    first, second = items([dated, undated])
    assert (second["address"], second["due"], second["todo"]) == (JEAN, "2026-12-30", "reconnect")
    assert first["due"] == "2026-09-30"  # 2026-08-01 + 60 days
    assert first["facts"] == {"last_activity": "2026-08-01", "inactive_days": 122}
    assert (first["bal_type"], first["service"], second["bal_type"], second["service"]) == (
        "ORG", "Cardiologie", "PER", "Cardiologie")
    assert first["announces"] == first["announce_date"] == "" and first["reminder"] is False


def test_announced_liste_rouge_waits_delay_days_from_the_first_notice():
    item, = items([finding(JEAN, "inactive", "liste_rouge")], delay_days=15)
    assert (item["announces"], item["announce_date"], item["due"]) == ("liste_rouge", "2026-12-16", "2026-12-16")
    without_delay, = items([finding(JEAN, "inactive", "liste_rouge")])
    assert (without_delay["announce_date"], without_delay["due"]) == ("2026-12-01", "")
    told = ledger.empty()
    ledger.record_told(told, JEAN, "inactive", NOW - dt.timedelta(days=10), announces="liste_rouge")
    reminder, = items([finding(JEAN, "inactive", "liste_rouge")], data=told, delay_days=15)
    assert reminder["announce_date"] == "2026-12-06"  # told on 21/11 + 15 days
    late, = items([finding(JEAN, "inactive", "liste_rouge")], data=told, delay_days=5)
    assert late["announce_date"] == "2026-12-01"  # never in the past


def test_deletion_codes_only_when_the_audit_asks_for_deletion_and_codes_filter():
    found = items([finding(JEAN, "unpublished_inactive", "review"), finding(CARDIO, "orphan_published", "suppression"),
                   finding(JEAN, "no_preferred", "choose_preferred"), finding(JEAN, "not_published", "publish")])
    assert [(i["address"], i["code"], i["todo"], i["announces"]) for i in found] == [
        (CARDIO, "orphan_published", "none", "suppression"), (JEAN, "no_preferred", "choose_preferred", "")]
    assert items([finding(JEAN, "no_preferred", "choose_preferred")], codes=["inactive"]) == []


def test_facts_are_counts_never_subjects():
    docs = finding(JEAN, "documents_not_integrated", "transfer",
                   patient_documents={"pending": 3, "total": 5, "oldest_pending": "2026-01-01",
                                      "subjects": ["Compte rendu de DUPONT Marie"]})
    trash = finding(JEAN, "trash_overdue", "purge", trash_messages=40)
    quota = finding(JEAN, "quota_near_full", "purge", quota_ratio=0.9612)
    by_code = {i["code"]: i for i in items([docs, trash, quota])}
    assert by_code["documents_not_integrated"]["facts"] == {"documents_pending": 3}
    assert by_code["trash_overdue"]["facts"] == {"trash_messages": 40}
    assert by_code["quota_near_full"]["facts"] == {"quota_percent": 96}
    assert "DUPONT" not in repr(by_code)


def test_a_finding_without_address_names_its_index():
    with pytest.raises(OptionError) as error:
        items([finding(JEAN, "inactive"), {"code": "inactive"}])
    assert "findings[1]" in str(error.value)
