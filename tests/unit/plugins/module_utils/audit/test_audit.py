# -*- coding: utf-8 -*-
# SPDX-License-Identifier: GPL-3.0-or-later
"""Table-driven tests of the audit engine: one case per finding code and per edge case.

Each case starts from one healthy personal BAL (known in LDAP, published on its situation
d'exercice as preferred, used 3 days ago, small trash, quota far from full) and changes what
the scenario needs, like the planted mailboxes of lab/establishment.py.
"""

import datetime as dt
import re
from dataclasses import dataclass, field

import pytest

from ansible_collections.mssante.hygiene.plugins.module_utils.audit.analysis import (
    AuditInputError, audit, situations_from_practitioners)
from ansible_collections.mssante.hygiene.plugins.module_utils.audit.codes import CODES
from ansible_collections.mssante.hygiene.plugins.module_utils.records import MailboxStats

NOW = dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.timezone.utc)
DOMAIN = "ch-test.mssante.fr"
ADDR = "alice.martin@" + DOMAIN
OTHER = "bruno.durand@" + DOMAIN
RPPS = "10999001000"
EG = "990000010"
EST = {"name": "CH Test", "finess_ej": "990000002", "finess_eg": [EG], "domains": [DOMAIN]}


def ago(days):
    return (NOW - dt.timedelta(days=days)).isoformat()


def acct(address=ADDR, **changes):
    data = {"dn": "uid=%s,ou=people,dc=test" % address.split("@")[0], "mails": [address], "rpps": RPPS,
            "name": "Alice MARTIN", "service": "Cardiologie", "status": "active", "bal_type": "PER"}
    data.update(changes)
    return data


def bal(address=ADDR, **changes):
    data = {"address": address, "type": "PER", "carrier": ["PractitionerRole"], "rpps": RPPS,
            "situations": ["SE1"], "structures": [EG], "preferred": True}
    data.update(changes)
    return data


def box(address=ADDR, **changes):
    data = {"mailbox": address, "last_activity": ago(3), "last_activity_source": "last_login",
            "messages": 10, "bytes": 10000, "trash_messages": 2, "trash_bytes": 2000, "trash_oldest": ago(5),
            "quota_used_bytes": 10000, "quota_limit_bytes": 10 ** 6}
    data.update(changes)
    return data


def docs(days, pending=3, total=5):
    """patient_documents as mailstore_info measures it, the oldest pending one `days` old."""
    return {"total": total, "integrated": total - pending, "pending": pending,
            "oldest_pending": (NOW - dt.timedelta(days=days)).date().isoformat()}


def functional(kind, carrier="Organization", in_ldap=True, **changes):
    """An ORG/APP BAL of the establishment, with its LDAP entry, published on the Organization."""
    address = "resultats.labo@" + DOMAIN
    return dict(
        accounts=[acct(address, rpps="", bal_type=kind, name="Laboratoire")] if in_ldap else [],
        bals=[bal(address, type=kind, carrier=[carrier], rpps="", situations=[], preferred=False)],
        mailboxes=[box(address, **changes)], expect_address=address)


@dataclass
class Case:
    name: str
    expect: set  # codes expected on `expect_address`
    accounts: list = field(default_factory=lambda: [acct()])
    bals: list = field(default_factory=lambda: [bal()])
    mailboxes: list = field(default_factory=lambda: [box()])
    situations: list = field(default_factory=list)
    thresholds: dict = None
    unreachable: list = None
    expect_address: str = ADDR
    others: dict = None  # {address: codes} for the other BALs of the case (default: none)
    action: str = None  # expected action of the single expected finding
    severity: str = None

    def run(self):
        return audit(self.accounts, self.bals, self.situations, self.mailboxes, EST, self.thresholds, NOW,
                     unreachable=self.unreachable)


CASES = [
    Case("healthy", set()),
    # inactive: published and unused for >= inactivity_days (default 60, the national rule)
    Case("inactive", {"inactive"}, mailboxes=[box(last_activity=ago(120))], action="liste_rouge",
         severity="warning"),
    Case("inactive_exactly_at_threshold", {"inactive"}, mailboxes=[box(last_activity=ago(60))]),
    Case("active_one_day_before_threshold", {"inactive_soon"}, mailboxes=[box(last_activity=ago(59))]),
    Case("inactivity_threshold_is_configurable", {"inactive_soon"}, mailboxes=[box(last_activity=ago(75))],
         thresholds={"inactivity_days": 90}),
    # inactive_soon: the owner can still reconnect before the national threshold
    Case("inactive_soon", {"inactive_soon"}, mailboxes=[box(last_activity=ago(50))], action="reconnect",
         severity="info"),
    Case("inactive_soon_at_warning_threshold", {"inactive_soon"}, mailboxes=[box(last_activity=ago(45))]),
    Case("active_one_day_before_warning", set(), mailboxes=[box(last_activity=ago(44))]),
    Case("warning_threshold_is_configurable", set(), mailboxes=[box(last_activity=ago(50))],
         thresholds={"inactivity_warning_days": 55}),
    Case("inactive_soon_on_liste_rouge_too", {"inactive_soon"}, bals=[bal(liste_rouge=True)],
         mailboxes=[box(last_activity=ago(50))]),
    Case("inactive_soon_moot_for_departed_owner", {"departed_owner"}, accounts=[acct(status="disabled")],
         mailboxes=[box(last_activity=ago(50))], action="review"),
    Case("app_inactive_soon_when_activity_known", {"inactive_soon"}, **functional("APP", last_activity=ago(50))),
    Case("unknown_activity_is_not_inactive", set(), mailboxes=[box(last_activity="", last_activity_source="unknown")]),
    Case("unreadable_activity_date_is_unknown", set(), mailboxes=[box(last_activity="hier")]),
    Case("future_activity_clock_skew_is_recent", set(), mailboxes=[box(last_activity="2027-01-01T00:00:00Z")]),
    Case("org_inactive", {"inactive"}, action="liste_rouge", **functional("ORG", last_activity=ago(90))),
    Case("app_never_logged_in_is_not_inactive", set(),
         **functional("APP", last_activity="", last_activity_source="unknown")),
    Case("app_old_activity_is_reviewed_not_red_listed", {"inactive"}, action="review", severity="info",
         **functional("APP", last_activity=ago(200))),
    # unpublished_inactive: gone from the Annuaire (auto-dépublication) and still unused
    Case("unpublished_inactive_deletion_due", {"unpublished_inactive"}, bals=[],
         mailboxes=[box(last_activity=ago(240))], action="suppression", severity="warning"),
    Case("unpublished_inactive_deletion_not_yet_due", {"unpublished_inactive"}, bals=[],
         mailboxes=[box(last_activity=ago(100))], action="review", severity="info"),
    Case("deletion_delay_is_configurable", {"unpublished_inactive"}, bals=[],
         mailboxes=[box(last_activity=ago(100))], thresholds={"deletion_after_days": 90},
         action="suppression"),
    Case("liste_rouge_and_inactive", {"unpublished_inactive"}, bals=[bal(liste_rouge=True)],
         mailboxes=[box(last_activity=ago(200))], action="suppression"),
    Case("liste_rouge_and_active_is_deliberate", set(), bals=[bal(liste_rouge=True)]),
    # departed_owner: LDAP account disabled/absent, or no active situation at our structures
    Case("departed_disabled_still_published", {"departed_owner"},
         accounts=[acct(status="disabled", status_reason="shadowExpire")],
         mailboxes=[box(last_activity=ago(75))], action="liste_rouge", severity="critical"),
    Case("departed_locked_but_mailbox_used", {"departed_owner"},
         accounts=[acct(status="disabled", status_reason="pwdAccountLockedTime")],
         action="review", severity="critical"),
    Case("departed_unpublished_long_unused", {"departed_owner"}, accounts=[acct(status="disabled")], bals=[],
         mailboxes=[box(last_activity=ago(300))], action="suppression", severity="warning"),
    Case("departed_account_absent_rpps_known", {"departed_owner"}, accounts=[]),
    Case("departed_no_active_situation", {"departed_owner"},
         situations=[{"id": "SE1", "rpps": RPPS, "structure": EG, "active": False}]),
    Case("departed_only_situation_elsewhere", {"departed_owner"},
         situations=[{"id": "SE9", "rpps": RPPS, "structure": "750000001", "active": True}]),
    Case("active_situation_as_idnat_struct", set(),
         situations=[{"id": "SE1", "rpps": RPPS, "structure": "1" + EG, "active": True}]),
    Case("disabled_account_without_mailbox_is_clean", set(), accounts=[acct(status="disabled")], bals=[],
         mailboxes=[box(OTHER)], others={OTHER: {"unknown_owner"}}),
    # no_situation / multi_situation (flyer rule 1: one BAL <-> one situation d'exercice)
    Case("no_situation_practitioner_only", {"no_situation"},
         bals=[bal(carrier=["Practitioner"], situations=[], structures=[])], action="review"),
    Case("practitioner_and_role_is_one_situation", set(), bals=[bal(carrier=["Practitioner", "PractitionerRole"])]),
    Case("multi_situation", {"multi_situation"}, bals=[bal(situations=["SE1", "SE2"], structures=[EG, "990000028"])]),
    Case("multi_situation_from_structures_without_ids", {"multi_situation"},
         bals=[bal(situations=[], structures=[EG, "990000028"])]),
    Case("same_situation_listed_twice_is_one", set(), bals=[bal(situations=["SE1", "SE1"])]),
    # orphan_published: published on our domains, no such mailbox
    Case("orphan_published", {"orphan_published"}, accounts=[], mailboxes=[box(OTHER)],
         action="suppression", severity="critical", others={OTHER: {"unknown_owner"}}),
    Case("orphan_not_claimed_when_platform_not_read", set(), mailboxes=[]),
    Case("orphan_not_claimed_for_unreadable_mailbox", set(), mailboxes=[box(OTHER)], unreachable=[ADDR.upper()],
         others={OTHER: {"unknown_owner"}}),
    Case("orphan_only_on_our_domains", set(), bals=[bal("alice@autre.mssante.fr"), bal(OTHER)],
         mailboxes=[box(OTHER)], accounts=[acct(OTHER)], expect_address=OTHER),
    # not_published: active local BAL absent from the Annuaire
    Case("not_published", {"not_published", "no_preferred"}, bals=[],
         thresholds={"preferred_check": "always"}),
    Case("not_published_activity_unknown", {"not_published", "no_preferred"}, bals=[],
         mailboxes=[box(last_activity="")], thresholds={"preferred_check": "always"}),
    # duplicate_personal: two personal BALs of the same RPPS on our domains
    Case("duplicate_personal", {"duplicate_personal"},
         accounts=[acct(mails=[ADDR, OTHER])], bals=[bal(), bal(OTHER, preferred=False)],
         mailboxes=[box(), box(OTHER)], others={OTHER: {"duplicate_personal"}}),
    Case("duplicate_already_inactive_is_not_double", set(),
         accounts=[acct(mails=[ADDR, OTHER])], bals=[bal(), bal(OTHER, preferred=False)],
         mailboxes=[box(), box(OTHER, last_activity=ago(90))], others={OTHER: {"inactive"}}),
    # no_preferred: no BAL of the professional has rank 1
    Case("no_preferred", {"no_preferred"}, bals=[bal(preferred=False)], thresholds={"preferred_check": "always"},
         action="choose_preferred"),
    Case("no_preferred_skipped_when_source_has_no_rank", set(), bals=[bal(preferred=False)]),
    Case("no_preferred_without_platform_statistics", {"no_preferred"}, bals=[bal(preferred=False)], mailboxes=[],
         thresholds={"preferred_check": "always"}),
    Case("departed_account_absent_without_platform_statistics", {"departed_owner"}, accounts=[], mailboxes=[]),
    Case("no_preferred_never", set(), bals=[bal(preferred=False)], thresholds={"preferred_check": "never"}),
    Case("preferred_bal_on_another_domain", set(),
         bals=[bal(preferred=False), bal("a.martin@cabinet.mssante.fr", preferred=True)]),
    Case("preferred_sibling_satisfies_person", set(),
         accounts=[acct(mails=[ADDR, OTHER])], bals=[bal(preferred=False), bal(OTHER, situations=["SE2"])],
         mailboxes=[box(), box(OTHER, last_activity=ago(100))], others={OTHER: {"inactive"}}),
    # trash_overdue / quota_near_full (flyer rule 2)
    Case("trash_overdue", {"trash_overdue"}, mailboxes=[box(trash_oldest=ago(31))], action="purge"),
    Case("trash_at_max_age", set(), mailboxes=[box(trash_oldest=ago(30))]),
    Case("empty_trash_with_stale_date", set(), mailboxes=[box(trash_messages=0, trash_oldest=ago(400))]),
    # documents_not_integrated: patient documents pending longer than documents_pending_days (30)
    Case("documents_not_integrated", {"documents_not_integrated"}, mailboxes=[box(patient_documents=docs(31))],
         action="transfer", severity="warning"),
    Case("documents_pending_at_delay", set(), mailboxes=[box(patient_documents=docs(30))]),
    Case("documents_all_integrated", set(),
         mailboxes=[box(patient_documents={"total": 4, "integrated": 4, "pending": 0, "oldest_pending": None})]),
    Case("documents_not_measured_is_no_finding", set(), mailboxes=[box(patient_documents=None)]),
    Case("documents_pending_without_date_is_no_guess", set(),
         mailboxes=[box(patient_documents=dict(docs(90), oldest_pending=None))]),
    Case("documents_delay_is_configurable", set(), mailboxes=[box(patient_documents=docs(45))],
         thresholds={"documents_pending_days": 60}),
    Case("documents_reported_for_departed_owner", {"departed_owner", "documents_not_integrated"},
         accounts=[acct(status="disabled")], mailboxes=[box(last_activity=ago(75), patient_documents=docs(40))]),
    Case("quota_near_full", {"quota_near_full"}, mailboxes=[box(quota_used_bytes=900000)], severity="warning"),
    Case("quota_almost_exhausted_is_critical", {"quota_near_full"}, mailboxes=[box(quota_used_bytes=990000)],
         severity="critical"),
    Case("no_quota_on_server", set(), mailboxes=[box(quota_used_bytes=-1, quota_limit_bytes=-1)]),
    Case("quota_ratio_is_configurable", set(), mailboxes=[box(quota_used_bytes=900000)],
         thresholds={"quota_warning_ratio": 0.95}),
    # unknown_owner: no RPPS / owner mapping
    Case("unknown_owner_platform_only", {"unknown_owner"}, accounts=[], bals=[], action="fix_directory"),
    # two actions for the DSI: fix the directory, publish (issue #13)
    Case("unknown_owner_account_without_rpps", {"unknown_owner", "not_published"}, accounts=[acct(rpps="")], bals=[]),
    Case("org_without_local_owner", {"unknown_owner"}, severity="info", **functional("ORG", in_ldap=False)),
    # keys: case, idNat forms, logins without domain, other domains
    Case("addresses_compared_lower_cased", set(), accounts=[acct(mails=[ADDR.upper()])],
         bals=[bal(ADDR.title())], mailboxes=[box(ADDR.upper())]),
    Case("login_without_domain", set(), mailboxes=[box("alice.martin")]),
    Case("idnat_ps_matches_rpps", set(), bals=[bal(rpps="8" + RPPS)]),
    Case("lone_strings_and_numeric_strings", set(), accounts=[acct(mails=ADDR)],
         bals=[bal(carrier="PractitionerRole", situations="SE1", structures=EG)],
         mailboxes=[box(bytes="10000", quota_used_bytes="10000", quota_limit_bytes=None)]),
    Case("owner_found_by_rpps", set(), accounts=[acct(mails=[])]),
    Case("other_domains_are_not_ours", set(), mailboxes=[box(), box("x@autre.mssante.fr", last_activity=ago(900))]),
]


def _found(result):
    found = {}
    for finding in result["findings"]:
        found.setdefault(finding.address, []).append(finding)
    return found


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case(case):
    found = _found(case.run())
    codes = {address: {f.code for f in items} for address, items in found.items()}
    assert codes.get(case.expect_address, set()) == case.expect
    others = {a: c for a, c in codes.items() if a != case.expect_address}
    assert others == (case.others or {})
    if case.action or case.severity:
        finding = found[case.expect_address][0]
        expected = (case.action or finding.action, case.severity or finding.severity)
        assert (finding.action, finding.severity) == expected


def test_every_contract_code_has_a_case():
    covered = set().union(*(case.expect for case in CASES))
    assert covered == set(CODES)


def test_every_finding_is_complete():
    for case in CASES:
        for finding in case.run()["findings"]:
            assert finding.detail and finding.detail[0].isupper() and finding.detail.endswith(".")
            assert finding.severity in ("info", "warning", "critical")
            assert {"directory", "annuaire", "platform"} <= set(finding.evidence)


def test_app_without_login_says_why_in_inventory():
    result = Case("app", set(), **functional("APP", last_activity="")).run()
    (entry,) = result["mailboxes"]
    assert entry["inactive_days"] is None and "non considérée inactive" in entry["notes"][0]


def test_inactive_evidence_names_dates_and_sources():
    (finding,) = Case("x", set(), mailboxes=[box(last_activity=ago(120))]).run()["findings"]
    assert finding.evidence["platform"] == {"present": True, "last_activity": ago(120),
                                            "last_activity_source": "last_login", "inactive_days": 120}
    assert finding.evidence["annuaire"]["published"] is True
    assert finding.evidence["directory"]["account"] == "uid=alice.martin,ou=people,dc=test"
    assert "29/07/2026" in finding.detail


def test_inactive_soon_says_when_the_threshold_is_reached():
    (finding,) = Case("x", set(), mailboxes=[box(last_activity="2026-10-07T08:00:00+00:00")]).run()["findings"]
    assert finding.code == "inactive_soon"
    assert finding.evidence["threshold_date"] == "2026-12-06"
    assert (finding.evidence["inactivity_days"], finding.evidence["inactivity_warning_days"]) == (60, 45)
    assert finding.detail.startswith("Sans activité depuis 50 jours : atteindra le seuil de dépublication le "
                                     "06/12/2026 (dernière activité le 07/10/2026)")


def test_inactive_soon_of_an_unpublished_bal_names_the_inactivity_threshold():
    found = Case("x", set(), bals=[], mailboxes=[box(last_activity=ago(50))]).run()["findings"]
    (finding,) = [f for f in found if f.code == "inactive_soon"]
    assert "atteindra le seuil d'inactivité (60 jours) le " in finding.detail


def test_summary_counts_every_code_and_notes_skipped_checks():
    summary = Case("x", set(), bals=[bal(preferred=False)], mailboxes=[]).run()["summary"]
    assert list(summary["by_code"]) == list(CODES)
    assert summary["findings"] == 0 and summary["mailboxes"] == 1
    assert len(summary["notes"]) == 2  # no platform statistics, no rank in the Annuaire source


def test_documents_finding_says_counts_and_oldest_date_only():
    (finding,) = Case("x", set(), mailboxes=[box(patient_documents=docs(45))]).run()["findings"]
    assert "3 sur 5" in finding.detail and "12/10/2026" in finding.detail and "45 jours" in finding.detail
    assert finding.evidence["patient_documents"] == docs(45)
    assert (finding.evidence["pending_age_days"], finding.evidence["documents_pending_days"]) == (45, 30)


def test_documents_summary_counts_measured_and_not_measured():
    mailboxes = [box(patient_documents=docs(45)), box(OTHER, patient_documents=None)]
    result = Case("x", set(), accounts=[acct(), acct(OTHER, rpps="")], mailboxes=mailboxes).run()
    assert result["summary"]["patient_documents"] == {
        "measured": 1, "not_measured": 1, "total": 5, "integrated": 2, "pending": 3, "mailboxes_pending": 1,
        "oldest_pending": "2026-10-12"}
    assert result["summary"]["thresholds"]["documents_pending_days"] == 30
    assert any("Documents patients non mesurés sur 1 BAL" in note for note in result["summary"]["notes"])
    entries = {entry["address"]: entry["patient_documents"] for entry in result["mailboxes"]}
    assert entries == {ADDR: docs(45), OTHER: None}


def test_same_inputs_same_result():
    case = CASES[1]
    first, second = case.run(), case.run()
    assert [f.as_dict() for f in first["findings"]] == [f.as_dict() for f in second["findings"]]
    assert first["summary"] == second["summary"] and first["mailboxes"] == second["mailboxes"]


def test_findings_sorted_most_serious_first():
    findings = Case("x", set(), accounts=[], mailboxes=[box(OTHER, trash_oldest=ago(90))]).run()["findings"]
    assert [(f.code, f.address) for f in findings] == [
        ("orphan_published", ADDR), ("unknown_owner", OTHER), ("trash_overdue", OTHER)]


def test_mailbox_records_are_read_as_dicts_are():
    record = MailboxStats(mailbox=ADDR.upper(), last_activity=ago(120), last_activity_source="last_login")
    (finding,) = audit([acct()], [bal()], [], [record], EST, None, NOW)["findings"]
    assert (finding.code, record.mailbox) == ("inactive", ADDR.upper())


def test_caller_records_are_not_modified():
    accounts = [acct(mails=[ADDR.upper()])]
    audit(accounts, [bal()], [], [box()], EST, None, NOW)
    assert accounts[0]["mails"] == [ADDR.upper()]


def test_situations_from_practitioners():
    practitioners = [{"rpps": RPPS, "situations": [{"id": "SE1", "structure": EG, "active": False}, "SE2"]},
                     {"id": "SE3", "rpps": "1", "structure": EG}]
    assert situations_from_practitioners(practitioners) == [
        {"id": "SE1", "structure": EG, "active": False, "rpps": RPPS}, {"id": "SE3", "rpps": "1", "structure": EG}]


@pytest.mark.parametrize("kwargs, message", [
    ({"thresholds": {"inactivity_days": 90, "deletion_after_days": 60}}, "deletion_after_days"),
    ({"thresholds": {"inactivity_days": 0}}, "inactivity_days"),
    ({"thresholds": {"quota_warning_ratio": 1.5}}, "quota_warning_ratio"),
    ({"thresholds": {"preferred_check": "sometimes"}}, "preferred_check"),
    ({"thresholds": {"inactivity": 60}}, "thresholds : clé(s) inconnue(s) inactivity"),
    ({"thresholds": {"documents_pending_days": 0}}, "documents_pending_days"),
    ({"thresholds": {"inactivity_warning_days": 60}},
     "inactivity_warning_days (60) doit être plus court que inactivity_days (60)"),
    ({"thresholds": {"inactivity_days": 30, "deletion_after_days": 90}},
     "inactivity_warning_days (45) doit être plus court que inactivity_days (30)"),
    ({"thresholds": {"inactivity_warning_days": 0}}, "inactivity_warning_days doit être un nombre de jours positif"),
    ({"now": "yesterday"}, "now"),
    ({"mailboxes": [box(patient_documents=["XDM"])]},
     "mailboxes[0] (alice.martin@ch-test.mssante.fr) : patient_documents : dictionnaire attendu"),
    ({"mailboxes": [box(patient_documents=dict(docs(3), pending="trois"))]},
     "patient_documents.pending : nombre positif ou nul attendu, reçu « trois »"),
    ({"mailboxes": [box(patient_documents=dict(docs(3), total=-1))]}, "patient_documents.total"),
    ({"mailboxes": [box(patient_documents=dict(docs(3), oldest_pending="hier"))]},
     "patient_documents.oldest_pending : date AAAA-MM-JJ attendue, reçu « hier »"),
    ({"accounts": [acct(), "uid=x"]}, "accounts[1]"),
    ({"mailboxes": [{"bytes": 1}]}, "mailboxes[0]"),
    ({"mailboxes": [box(bytes="beaucoup")]},
     "mailboxes[0] (alice.martin@ch-test.mssante.fr) : bytes n'est pas un nombre : « beaucoup »"),
    ({"mailboxes": [{"bytes": 1}]}, "mailboxes[0] : champ(s) obligatoire(s) absent(s) : mailbox"),
    ({"accounts": [acct(), ["uid=x"]]}, "accounts[1] : dictionnaire attendu, reçu une valeur de type list"),
])
def test_bad_input_names_the_parameter(kwargs, message):
    args = {"accounts": [acct()], "bals": [bal()], "situations": [], "mailboxes": [box()],
            "establishment": EST, "thresholds": None, "now": NOW}
    args.update(kwargs)
    with pytest.raises(AuditInputError, match=re.escape(message)):
        audit(**args)
