# SPDX-License-Identifier: GPL-3.0-or-later
"""A rule naming a folder only one BAL has (« Résultats labo »), against a real Dovecot and Cyrus, on
every backend: the other BALs are skipped and counted, not failures; check mode with diff
returns the French table and changes nothing; a real run deletes only in that BAL."""
import datetime as dt
import json

import pytest

from lab import mail_seed
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.service import run_purge
from ansible_collections.mssante.hygiene.plugins.module_utils.text_table import date_range
from tests.functional.ansible_run import run_playbook
from tests.functional import imap_checks
from tests.functional.mail_fixtures import MAIL_SERVERS, _dispose, _platform
from tests.functional.test_mailstore_purge import params, rule_matches, snapshot

LABO = "Résultats labo"
RULE = {"name": "labo-1-an", "folders": [LABO], "older_than_days": 365, "date": "received"}
TYPO = {"name": "labo-typo", "folders": ["Resultats labo"], "older_than_days": 365, "date": "received"}
BACKENDS = ["imap", "doveadm", "doveadm-http"]


def cutoff():
    return (dt.datetime.now().astimezone().date() - dt.timedelta(days=365)).isoformat()


def add_labo_folder(platform):
    """Give one BAL (the laboratory's) a « Résultats labo » folder holding old and recent mail."""
    owner = "resultats.labo@%s" % platform.est.domain
    assert owner in platform.logins
    server = platform.dovecot
    if platform.kind == "cyrus":
        imap_checks.move_all(server, owner, "INBOX", LABO)
        return owner
    server.doveadm("mailbox", "create", "-u", owner, LABO)
    server.doveadm("move", "-u", owner, LABO, "mailbox", "INBOX", "since", "2000-01-01")
    return owner


@pytest.fixture(scope="module", params=MAIL_SERVERS)
def labo_platform(request, lab_certs):
    if request.param == "cyrus":
        request.getfixturevalue("cyrus_platform")  # owns the template's clean-up
    platform = _platform(lab_certs, kind=request.param)
    platform.owner = add_labo_folder(platform)
    yield platform
    _dispose(platform)


def expected_dates(server, owner):
    if getattr(server, "kind", "dovecot") == "cyrus":
        days = sorted(imap_checks.dates(server, owner, "INTERNALDATE", ["mailbox", LABO, "before", cutoff(), "unflagged"]))
        return days[0], days[-1]
    rows = json.loads(server.doveadm("-f", "json", "fetch", "-u", owner, "date.received",
                                     "mailbox", LABO, "before", cutoff(), "unflagged"))
    days = sorted(row["date.received"][:10] for row in rows)
    return days[0], days[-1]


@pytest.mark.parametrize("backend", BACKENDS)
def test_absent_folder_is_skipped_and_counted_and_diff_shows_the_purge(labo_platform, backend):
    platform, server = labo_platform, labo_platform.dovecot
    arguments = params(platform, backend, rules=[RULE, TYPO])  # skips doveadm on Cyrus before any work
    before = snapshot(server)
    result = run_purge(arguments, check_mode=True, diff=True)
    assert snapshot(server) == before
    assert result["failures"] == []
    others = len(platform.logins) - 1
    assert result["folder_presence"] == {LABO: {"present": 1, "absent": others},
                                         "Resultats labo": {"present": 0, "absent": others + 1}}
    assert result["summary"]["absent_folders"] == others + others + 1
    expected = rule_matches(server, ["mailbox", LABO, "before", cutoff(), "unflagged"])
    assert expected and {key[0] for key in expected} == {platform.owner}
    [entry] = result["selected"]
    assert (entry["mailbox"], entry["folder"], entry["status"]) == (platform.owner, LABO, "would_delete")
    assert {(platform.owner, LABO, uid) for uid in entry["uids"]} == expected
    assert (entry["oldest"], entry["newest"]) == expected_dates(server, platform.owner)
    table = result["diff"]["prepared"]
    assert table.startswith("Purge simulée (--check) : ce qui serait supprimé, par BAL et dossier\n")
    row = next(line for line in table.splitlines() if line.startswith(platform.owner))
    assert LABO in row and "labo-1-an" in row and date_range(*expected_dates(server, platform.owner)) in row
    assert "Total : %d messages" % len(expected) in table
    for secret in mail_seed.SUBJECTS + mail_seed.PATIENTS:
        assert secret not in table  # never a subject, never a patient's name


@pytest.mark.parametrize("backend", BACKENDS)
def test_real_run_deletes_only_where_the_folder_is(fresh_platform, tmp_path, backend):
    platform, server = fresh_platform, fresh_platform.dovecot
    owner = add_labo_folder(platform)
    before = snapshot(server)
    expected = rule_matches(server, ["mailbox", LABO, "before", cutoff(), "unflagged"])
    result = run_purge(params(platform, backend, rules=[RULE], journal_path=str(tmp_path / "j.jsonl")),
                       check_mode=False, diff=False)
    assert result["failures"] == [] and result["summary"]["absent_folders"] == len(platform.logins) - 1
    assert set(before) - set(snapshot(server)) == expected
    assert [(e["mailbox"], e["status"]) for e in result["selected"]] == [(owner, "deleted")]


def test_module_warns_of_a_probable_typo_and_prints_the_table(labo_platform, tmp_path):
    if labo_platform.kind == "cyrus":
        pytest.skip("le module est le même sur les deux serveurs : une fois, sur Dovecot, suffit")
    args = params(labo_platform, rules=[RULE, TYPO])
    args.pop("max_delete_ratio")
    code, results = run_playbook(tmp_path, [{"name": "purge", "mssante.hygiene.mailstore_purge": args}],
                                 extra_args=["--check", "--diff"])
    [result] = results
    assert code == 0 and result["_status"] == "ok" and result["failures"] == []
    assert "dossier « Resultats labo » (règle « labo-typo ») absent de toutes les BAL traitées : " \
           "faute de frappe probable ?" in result["warnings"]
    assert not any(LABO + " »" in warning for warning in result["warnings"])  # present in one BAL: no typo
    assert result["diff"]["prepared"].startswith("Purge simulée (--check)")
