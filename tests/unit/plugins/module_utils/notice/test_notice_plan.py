# SPDX-License-Identifier: GPL-3.0-or-later
"""One message per recipient set, only the items due, reminders marked, resolved findings forgotten."""
import datetime as dt

from ansible_collections.mssante.hygiene.plugins.module_utils.notice import ledger
from ansible_collections.mssante.hygiene.plugins.module_utils.notice.argspec import checked_contacts
from ansible_collections.mssante.hygiene.plugins.module_utils.notice.items import items_from
from ansible_collections.mssante.hygiene.plugins.module_utils.notice.owners import Owners
from ansible_collections.mssante.hygiene.plugins.module_utils.notice.plan import forget, plan
from tests.unit.plugins.module_utils.notice.notice_data import (
    ACCOUNTS, BALS, CARDIO, CONTACTS, JEAN, NOW, PARTI, TODAY, finding, options)

OWNERS = Owners(ACCOUNTS, BALS)
FINDINGS = [finding(JEAN, "inactive", "liste_rouge"), finding(JEAN, "no_preferred", "choose_preferred"),
            finding(CARDIO, "trash_overdue", "purge", trash_messages=4),
            finding(PARTI, "departed_owner", "suppression")]


def planned(data, now=NOW, contacts=None, optout=()):
    items = items_from(FINDINGS, OWNERS, data, TODAY, options())
    return plan(items, OWNERS, checked_contacts(CONTACTS if contacts is None else contacts), set(optout), data,
                now, 30), items


def test_one_message_per_recipient_set():
    result, _items = planned(ledger.empty())
    assert [(m["recipients"], m["audience"], m["owner_name"], [i["code"] for i in m["items"]])
            for m in result["messages"]] == [
        (["chef.cardio@ch-exemple.fr"], "contact", "", ["trash_overdue"]),
        (["dsi@ch-exemple.fr"], "contact", "", ["departed_owner"]),
        ([JEAN], "owner", "Jean Martin", ["inactive", "no_preferred"])]
    assert result["unreachable"] == [] and result["already_told"] == 0


def test_told_items_wait_for_the_interval_then_come_back_as_reminders():
    data = ledger.empty()
    ledger.record_told(data, JEAN, "inactive", NOW, announces="liste_rouge")
    result, _items = planned(data, now=NOW + dt.timedelta(days=29))
    jean = [m for m in result["messages"] if m["recipients"] == [JEAN]][0]
    assert [i["code"] for i in jean["items"]] == ["no_preferred"] and result["already_told"] == 1
    later, _items = planned(data, now=NOW + dt.timedelta(days=30))
    jean = [m for m in later["messages"] if m["recipients"] == [JEAN]][0]
    assert [(i["code"], i["reminder"]) for i in jean["items"]] == [("inactive", True), ("no_preferred", False)]


def test_unreachable_items_are_listed_and_told_as_soon_as_someone_can_be():
    data = ledger.empty()
    result, _items = planned(data, contacts={"services": {"Cardiologie": "chef@ch.fr"}}, optout=[JEAN])
    assert sorted((u["address"], u["code"], u["reason"]) for u in result["unreachable"]) == [
        (JEAN, "inactive", "optout"), (JEAN, "no_preferred", "optout"), (PARTI, "departed_owner", "no_recipient")]
    ledger.record_unreachable(data, PARTI, "departed_owner", NOW, "no_recipient", announces="suppression")
    again, _items = planned(data, now=NOW + dt.timedelta(days=1))
    assert any(i["address"] == PARTI for m in again["messages"] for i in m["items"])


def test_forget_drops_resolved_findings_but_keeps_codes_not_handled():
    data = ledger.empty()
    for address, code in ((JEAN, "inactive"), (JEAN, "trash_overdue"), (JEAN, "quota_near_full")):
        ledger.record_told(data, address, code, NOW)
    _result, items = planned(data)
    assert forget(data, items, ["inactive", "trash_overdue"]) == [JEAN + "|trash_overdue"]
    assert sorted(data["items"]) == [JEAN + "|inactive", JEAN + "|quota_near_full"]
