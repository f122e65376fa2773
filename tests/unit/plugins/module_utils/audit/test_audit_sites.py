# -*- coding: utf-8 -*-
# SPDX-License-Identifier: GPL-3.0-or-later
"""The site (FINESS EG) of each BAL, and the summary's breakdowns by site and by service."""

import datetime as dt

import pytest

from ansible_collections.mssante.hygiene.plugins.module_utils.audit.analysis import audit
from ansible_collections.mssante.hygiene.plugins.module_utils.audit.codes import CODES, SEVERITIES
from ansible_collections.mssante.hygiene.plugins.module_utils.errors import OptionError

NOW = dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.timezone.utc)
DOMAIN = "ch-test.mssante.fr"
EG1, EG2, ELSEWHERE = "990000010", "990000028", "990000044"
EST = {"name": "CH Test", "finess_ej": "990000002", "finess_eg": [EG2, EG1], "domains": [DOMAIN],
       "site_names": {EG1: "Site principal", EG2: "Site des Tilleuls"}}
ADDR = "alice@" + DOMAIN


def acct(address=ADDR, site="", **changes):
    data = {"dn": "uid=%s" % address.split("@")[0], "mails": [address], "rpps": "", "service": "Cardiologie",
            "bal_type": "ORG", "site": site}
    data.update(changes)
    return data


def bal(address=ADDR, structures=(EG1,), **changes):
    data = {"address": address, "type": "ORG", "carrier": ["Organization"], "structures": list(structures)}
    data.update(changes)
    return data


def box(address=ADDR, days=3, trash_days=5):
    return {"mailbox": address, "last_activity": (NOW - dt.timedelta(days=days)).isoformat(),
            "last_activity_source": "last_login", "messages": 10, "bytes": 1000, "trash_messages": 1,
            "trash_bytes": 100, "trash_oldest": (NOW - dt.timedelta(days=trash_days)).isoformat()}


def mailbox(accounts, bals, establishment=None):
    result = audit(accounts, bals, [], [box()], establishment or EST, now=NOW)
    (entry,) = result["mailboxes"]
    return entry


@pytest.mark.parametrize("accounts, bals, site, source", [
    ([acct(site=EG2)], [bal(structures=[EG1])], EG1, "annuaire"),  # the publication wins over LDAP
    ([acct(site=EG2)], [bal(structures=["1" + EG1])], EG1, "annuaire"),  # idNat_Struct form
    ([acct(site=EG2)], [bal(structures=[ELSEWHERE])], EG2, "directory"),  # published elsewhere: not ours
    ([acct(site=EG2)], [], EG2, "directory"),
    ([acct(site=" 1" + EG2)], [], EG2, "directory"),
    ([acct()], [bal(structures=[])], "", ""),  # two EGs: the establishment cannot tell
    ([], [], "", ""),
])
def test_site_rule(accounts, bals, site, source):
    entry = mailbox(accounts, bals)
    assert (entry["site"], entry["site_source"]) == (site, source)
    assert not [n for n in entry["notes"] if "site" in n]


def test_single_eg_is_the_site_of_last_resort():
    entry = mailbox([acct()], [], dict(EST, finess_eg=[EG1], site_names={}))
    assert (entry["site"], entry["site_source"]) == (EG1, "establishment")


def test_several_published_sites_keep_the_smallest_and_say_so():
    entry = mailbox([acct()], [bal(structures=[EG2, EG1, ELSEWHERE])])
    assert (entry["site"], entry["site_source"]) == (EG1, "annuaire")
    assert "BAL publiée sur plusieurs sites : %s, %s (site retenu : %s)." % (EG1, EG2, EG1) in entry["notes"]


def test_directory_site_outside_finess_eg_is_shown_and_noted():
    entry = mailbox([acct(site="Bâtiment B")], [])
    assert (entry["site"], entry["site_source"]) == ("Bâtiment B", "directory")
    assert any("Site de l'annuaire local (Bâtiment B)" in n and EG1 in n for n in entry["notes"])


def test_account_without_site_key_is_read_as_unmapped():
    account = acct()
    del account["site"]
    assert mailbox([account], [])["site"] == ""


@pytest.mark.parametrize("site_names, words", [
    ({ELSEWHERE: "Ailleurs"}, ["mssante_establishment.site_names", "« 990000044 »", EG1, EG2]),
    ({99000001: "Nombre"}, ["mssante_establishment.site_names", "guillemets"]),
    ({EG1: 3}, ["mssante_establishment.site_names.%s" % EG1, "texte"]),
    ("Site principal", ["dictionnaire"]),
])
def test_site_names_must_name_our_egs(site_names, words):
    with pytest.raises(OptionError) as caught:
        audit([], [], [], [], dict(EST, site_names=site_names), now=NOW)
    assert all(word in str(caught.value) for word in words), str(caught.value)
    assert caught.value.parameter == "establishment"


def test_site_names_are_in_the_summary_identity():
    summary = audit([], [], [], [], EST, now=NOW)["summary"]
    assert summary["establishment"]["site_names"] == {EG1: "Site principal", EG2: "Site des Tilleuls"}


def _breakdown_audit():
    cardio, urg, lone = ("cardio@" + DOMAIN, "urgences@" + DOMAIN, "lone@" + DOMAIN)
    accounts = [acct(cardio, service="Cardiologie"), acct(urg, service="Urgences", site="Annexe"),
                acct(lone, service="")]
    bals = [bal(cardio, structures=[EG2])]
    mailboxes = [box(cardio, trash_days=90), box(urg, days=200), box(lone)]
    return audit(accounts, bals, [], mailboxes, EST, now=NOW)


def test_by_site_lists_every_eg_and_other_sites_sorted_then_unknown():
    summary = _breakdown_audit()["summary"]
    assert [(s["site"], s["name"]) for s in summary["by_site"]] == [
        (EG1, "Site principal"), (EG2, "Site des Tilleuls"), ("Annexe", ""), ("", "")]
    eg1, eg2, annexe, unknown = summary["by_site"]
    assert (eg1["mailboxes"], eg1["findings"], eg1["mailboxes_with_findings"]) == (0, 0, 0)
    assert list(eg1["by_code"]) == list(CODES) and list(eg1["by_severity"]) == list(SEVERITIES)
    assert eg2["mailboxes"] == 1 and eg2["by_code"]["trash_overdue"] == 1 and eg2["by_severity"]["info"] == 1
    assert annexe["by_code"]["unpublished_inactive"] == 1 and annexe["by_code"]["not_published"] == 0
    assert unknown["mailboxes"] == 1
    for key in ("mailboxes", "findings", "mailboxes_with_findings"):
        assert sum(s[key] for s in summary["by_site"]) == summary[key]


def test_by_service_is_sorted_with_sans_service_last():
    summary = _breakdown_audit()["summary"]
    assert [s["service"] for s in summary["by_service"]] == ["Cardiologie", "Urgences", ""]
    assert all(set(s) == {"service", "mailboxes", "mailboxes_with_findings", "findings", "by_code", "by_severity"}
               for s in summary["by_service"])
    assert sum(s["findings"] for s in summary["by_service"]) == summary["findings"]


def test_no_bal_still_lists_the_egs_and_no_unknown_site():
    summary = audit([], [], [], [], EST, now=NOW)["summary"]
    assert [s["site"] for s in summary["by_site"]] == [EG1, EG2]
    assert summary["by_service"] == []
