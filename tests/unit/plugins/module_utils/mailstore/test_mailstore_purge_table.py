# SPDX-License-Identifier: GPL-3.0-or-later
"""The --diff table of a purge and the date range of each selection (no server)."""
import datetime as dt

from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.journal import Journal
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.purge import FolderPlan, PurgeRun
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.purge_table import purge_table
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.rules import parse_rules

NOW = dt.datetime(2026, 11, 26, 8, 0, tzinfo=dt.timezone.utc)
SUBJECT = "Résultats de biologie DUPONT_Jeanne"
SENDER = "labo@ch-exemple.mssante.fr"
RULES = parse_rules([{"name": "corbeille", "folders": ["\\Trash"], "older_than_days": 30},
                     {"name": "archives-5-ans", "folders": ["Archives"], "older_than_days": 1825, "date": "received"}])


def plan(mailbox, count, rule=RULES[0], folder="Éléments supprimés", role="\\Trash", total=None, first_month=1):
    # a backend never fetches subjects or senders; put them in anyway: nothing may leak them
    meta = {uid: {"size": 2048, "date": "2020-%02d-10T09:00:00Z" % (first_month + uid % 3),
                  "saved": "2026-%02d-01T09:00:00Z" % (1 + uid % 5), "message_id": "<%d@ch>" % uid,
                  "subject": SUBJECT, "from": SENDER, "flags": []} for uid in range(1, count + 1)}
    return FolderPlan(mailbox, folder, role, rule, 17, total or count * 2, meta)


def check_run(plans, max_delete_ratio=1.0):
    run = PurgeRun(True, Journal(None), max_delete_ratio=max_delete_ratio, now=NOW, with_uids=True)
    for item in plans:
        run.approve(item)
    return run


def test_each_selection_has_the_range_of_the_date_the_rule_compares():
    run = check_run([plan("a@ch", 6), plan("a@ch", 4, RULES[1], "Archives", "", first_month=4)])
    trash, archives = sorted(run.selected, key=lambda e: e["rule"], reverse=True)
    assert (trash["oldest"], trash["newest"]) == ("2026-01-01", "2026-05-01")  # saved dates
    assert (archives["oldest"], archives["newest"]) == ("2020-04-10", "2020-06-10")  # received dates
    assert trash["uids"] == [1, 2, 3, 4, 5, 6]  # diff mode keeps the UIDs
    assert all("subject" not in entry and "from" not in entry for entry in run.selected)


def test_table_per_bal_and_folder_with_total_and_never_a_subject():
    run = check_run([plan("a@ch", 6), plan("b@ch", 30), plan("b@ch", 45, RULES[1], "Archives", "", total=50)],
                    max_delete_ratio=0.5)
    text = purge_table(run.selected, True, 3)
    lines = text.splitlines()
    assert lines[0] == "Purge simulée (--check) : ce qui serait supprimé, par BAL et dossier"
    body = lines[lines.index("") + 1:]
    assert body[0].split() == ["BAL", "Dossier", "Règle", "Messages", "Taille", "Dates"]
    assert body[1].split()[:6] == ["b@ch", "Archives", "archives-5-ans", "45", "90", "ko"]
    assert body[1].endswith("10/01/2020 – 10/03/2020  refusé (garde-fou)")
    assert body[2].split()[:7] == ["Éléments", "supprimés", "corbeille", "30", "60", "ko", "01/01/2026"]
    assert body[3].startswith("a@ch ")  # the BAL losing most comes first
    assert "Total : 36 messages (72 ko) seraient supprimés dans 2 BAL sur 3 traitées" in text
    assert "Refusé (garde-fou) : 45 messages (90 ko) dans 1 BAL" in text
    assert SUBJECT not in text and "DUPONT" not in text and SENDER not in text


def test_table_is_bounded_and_says_how_many_bals_are_left_out():
    run = check_run([plan("bal%03d@ch" % index, index) for index in range(1, 61)])
    text = purge_table(run.selected, False, 80)
    assert text.startswith("Purge : ce qui a été supprimé, par BAL et dossier\n")
    assert "bal060@ch" in text and "bal011@ch" in text and "bal010@ch" not in text
    assert "… et 10 autres BAL : 55 messages (110 ko)" in text
    assert len(text.splitlines()) < 60


def test_empty_and_refused_runs():
    assert purge_table([], True, 12) == ("Purge simulée (--check) : ce qui serait supprimé, par BAL et dossier\n"
                                         "Aucun message sélectionné (12 BAL traitées).\n")
    refused = [dict(e, status="refused") for e in check_run([plan("a@ch", 3)]).selected]
    text = purge_table(refused, False, 1, run_refused="cette exécution supprimerait …")
    assert "Exécution refusée : cette exécution supprimerait …" in text
    assert "Total : rien n'a été supprimé (1 BAL traitée)" in text
