# SPDX-License-Identifier: GPL-3.0-or-later
"""Folders a rule names that some mailboxes lack: skipped, counted, typos reported (no server)."""
import datetime as dt

from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.doveadm import DoveadmBackend
from tests.doveadm_fakes import ScriptedDoveadm
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.journal import Journal
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.presence import (
    FolderPresence, typo_warnings)
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.purge import PurgeRun
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.rules import parse_rules

NOW = dt.datetime(2026, 11, 26, 8, 0, tzinfo=dt.timezone.utc)
LABO = {"name": "labo-1-an", "folders": ["Résultats labo"], "older_than_days": 365, "date": "received"}
TRASH = {"name": "corbeille", "folders": ["\\Trash"], "older_than_days": 30}


def test_counts_per_folder_as_written_failed_mailboxes_aside():
    presence = FolderPresence()
    for mailbox, present in (("a@ch", True), ("b@ch", False), ("c@ch", False), ("d@ch", False)):
        presence.record(mailbox, "labo-1-an", "Résultats labo", present)
        presence.record(mailbox, "corbeille", "\\Trash", True)
    assert presence.counts(failed={"d@ch"}) == {"Résultats labo": {"present": 1, "absent": 2},
                                                "\\Trash": {"present": 3, "absent": 0}}
    assert presence.skipped(failed={"d@ch"}) == 2


def test_typo_warning_for_names_found_nowhere_never_for_roles():
    rules = [{"name": "labo-1-an", "folders": ["Résultats labo"]}, {"name": "labo-bis", "folders": ["Résultats labo"]},
             {"name": "spam", "folders": ["\\Junk"]}, {"name": "archives", "folders": ["Archives"]}]
    counts = {"Résultats labo": {"present": 0, "absent": 18}, "\\Junk": {"present": 0, "absent": 18},
              "Archives": {"present": 3, "absent": 15}}
    assert typo_warnings(rules, counts) == [
        "dossier « Résultats labo » (règles « labo-1-an », « labo-bis ») absent de toutes les BAL traitées : "
        "faute de frappe probable ?"]
    assert typo_warnings(rules[:1], {"Résultats labo": {"present": 0, "absent": 0}}) == []  # no BAL looked


class FakeDoveadm(ScriptedDoveadm):
    """Answers like doveadm: only lab@ch has 'Résultats labo'; everybody has the Trash."""

    def answer(self, args, users):
        if args[:2] == ["mailbox", "status"]:
            rows = [{"username": user, "mailbox": "Corbeille", "messages": "4", "uidvalidity": "7",
                     "guid": "g-" + user} for user in users]
            rows.append({"username": "lab@ch.fr", "mailbox": "Résultats labo", "messages": "10",
                         "uidvalidity": "8", "guid": "g-labo"})
            return rows
        if "Résultats labo" in args:
            return [{"username": "lab@ch.fr", "uid": str(uid), "mailbox": "Résultats labo", "size.virtual": "100",
                     "date.received.unixtime": {1: "1705312800", 2: "1707991200", 3: "1710496800"}[uid]}
                    for uid in (1, 2, 3)]
        return [{"username": user, "uid": "1", "mailbox": "Corbeille", "size.virtual": "50",
                 "date.saved.unixtime": "1788256800"} for user in users]


def test_doveadm_backend_skips_and_counts_absent_folders():
    runner = FakeDoveadm()
    backend = DoveadmBackend(runner, folder_roles={"\\Trash": "Corbeille"})
    run = PurgeRun(True, Journal(None), max_delete_ratio=0.5, now=NOW)
    entries = [{"login": login, "type": "", "service": ""} for login in ("lab@ch.fr", "x@ch.fr", "y@ch.fr")]
    backend.purge(entries, parse_rules([LABO, TRASH]), run)
    assert run.failures == []
    assert run.presence.counts() == {"Résultats labo": {"present": 1, "absent": 2}, "\\Trash": {"present": 3, "absent": 0}}
    assert run.summary(3)["absent_folders"] == 2
    labo = [e for e in run.selected if e["rule"] == "labo-1-an"]
    assert [(e["mailbox"], e["messages"], e["oldest"], e["newest"]) for e in labo] == [
        ("lab@ch.fr", 3, "2024-01-15", "2024-03-15")]
    # check mode reads sizes and the compared date only, never a header
    fetches = [args for args in runner.jobs if args[0] == "fetch"]
    assert [args[1] for args in fetches] == ["uid mailbox size.virtual date.received.unixtime",
                                             "uid mailbox size.virtual date.saved.unixtime"]


def test_rule_filters_limit_the_count_to_the_mailboxes_it_applies_to():
    runner = FakeDoveadm()
    backend = DoveadmBackend(runner, folder_roles={"\\Trash": "Corbeille"})
    run = PurgeRun(True, Journal(None), now=NOW)
    entries = [{"login": "lab@ch.fr", "type": "ORG", "service": "Laboratoire"},
               {"login": "x@ch.fr", "type": "PER", "service": "Cardiologie"}]
    backend.purge(entries, parse_rules([dict(LABO, services=["laboratoire"])]), run)
    assert run.presence.counts() == {"Résultats labo": {"present": 1, "absent": 0}}


def test_one_missing_folder_reported_by_doveadm_as_an_error_is_an_absence():
    # `mailbox status` given a single name reports a user without it as an error (CLI and HTTP)
    errors = {"a@ch": "dossier introuvable (doveadm : exitCode 68)",
              "b@ch": "utilisateur inconnu du serveur (doveadm : exitCode 67)"}
    found, failed = DoveadmBackend._status(["a@ch", "b@ch", "c@ch"], [], errors)
    assert found == {} and failed == {"b@ch": errors["b@ch"]}
