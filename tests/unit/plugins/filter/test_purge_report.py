# SPDX-License-Identifier: GPL-3.0-or-later
"""Filter purge_report: the French summary the trash and retention roles print after the batches."""
from ansible_collections.mssante.hygiene.plugins.filter.purge_report import FilterModule, purge_report

RULES = [{"name": "labo", "folders": ["Résultats labo", "Résultats lab0", "\\Junk"], "older_than_days": 365}]


def entry(mailbox, folder, messages, size, status="would_delete", **extra):
    return dict(mailbox=mailbox, folder=folder, rule="labo", messages=messages, bytes=size, status=status,
                oldest="2024-01-03T10:00:00+00:00", newest="2025-02-01", **extra)


def call(selected, mailboxes, failures=(), presence=None, absent=0):
    refused = sum(1 for e in selected if e["status"] == "refused")
    return {"changed": True, "selected": selected, "failures": list(failures), "folder_presence": presence or {},
            "summary": {"mailboxes": mailboxes, "selected_messages": sum(e["messages"] for e in selected),
                        "refused": refused, "absent_folders": absent}, "item": ["x"]}


BATCHES = [
    call([entry("a@ch.fr", "Résultats labo", 3, 3000), entry("b@ch.fr", "Résultats labo", 1, 2 * 1024 * 1024),
          entry("c@ch.fr", "Résultats labo", 40, 1000, status="refused",
                reason="40 messages sur 50 (80 %), au-delà de max_delete_ratio 50 %")],
         mailboxes=3, presence={"Résultats labo": {"present": 3, "absent": 0},
                                "Résultats lab0": {"present": 0, "absent": 3},
                                "\\Junk": {"present": 0, "absent": 3}}, absent=6),
    call([], mailboxes=2, failures=[{"mailbox": "d@ch.fr", "error": "connexion perdue"}],
         presence={"Résultats labo": {"present": 0, "absent": 1}, "Résultats lab0": {"present": 0, "absent": 1}},
         absent=2),
    {"skipped": True, "item": []},
]


def test_totals_over_every_batch():
    totals = purge_report(BATCHES, RULES, "Rétention", check_mode=True)["totals"]
    assert totals == {"mailboxes": 5, "affected_mailboxes": 2, "messages": 4, "bytes": 2 * 1024 * 1024 + 3000,
                      "selected_messages": 44, "refused": 1, "failures": 1, "absent_folders": 8,
                      "not_confirmed": 0, "typos": 1, "volume": "2,0 Mo", "kept_patient_documents": 0}


def test_lines_in_check_mode():
    lines = purge_report(BATCHES, RULES, "Rétention", check_mode=True)["lines"]
    assert lines[0] == ("Rétention (simulation, rien n'est supprimé) : 4 messages (2,0 Mo) seraient supprimés "
                        "dans 2 BAL sur 5 ; 1 refus (garde-fou) ; 1 BAL en échec (à relancer) ; "
                        "8 dossiers absents de leur BAL (rien à y faire).")
    assert "  BAL c@ch.fr, dossier « Résultats labo » : 40 messages sur 50 (80 %), au-delà de max_delete_ratio 50 %" in lines
    assert "  BAL d@ch.fr : connexion perdue" in lines
    typos = [line for line in lines if "faute de frappe" in line]
    assert len(typos) == 1 and "« Résultats lab0 »" in typos[0]  # \Junk is a role: may be missing
    assert not any("BAL concernées" in line for line in lines)  # no table unless asked
    assert not any("[" in line or "'" in line.replace("n'est", "").replace("d'un", "") for line in lines)


def test_table_of_the_most_affected_bals():
    lines = purge_report(BATCHES, RULES, "Rétention", check_mode=True, detailed=True)["lines"]
    start = lines.index("BAL concernées :")
    header, first, second = lines[start + 1:start + 4]
    assert header.split() == ["BAL", "Dossiers", "Messages", "Volume", "Dates", "(plus", "ancien", "–", "plus", "récent)"]
    assert first.split()[:4] == ["a@ch.fr", "Résultats", "labo", "3"]  # most messages first
    assert first.endswith("03/01/2024 – 01/02/2025")
    assert "2,0 Mo" in second
    assert "c@ch.fr" not in "\n".join(lines[start:start + 4])  # refused: listed as a refusal, not as going


def test_table_is_bounded():
    many = [call([entry("u%02d@ch.fr" % i, "INBOX", i + 1, 100) for i in range(30)], mailboxes=30)]
    lines = purge_report(many, RULES, "Rétention", detailed=True, top=15)["lines"]
    assert "BAL les plus concernées (15 sur 30) :" in lines
    assert lines[lines.index("BAL les plus concernées (15 sur 30) :") + 2].split()[0] == "u29@ch.fr"


def test_a_reason_naming_the_bal_is_not_prefixed_twice():
    reason = "BAL c@ch.fr, dossier « INBOX » : la règle « r » supprimerait 7 des 7 messages"
    lines = purge_report([call([entry("c@ch.fr", "INBOX", 7, 70, status="refused", reason=reason)], mailboxes=1)],
                         RULES, "Rétention")["lines"]
    assert lines[-1] == "  " + reason


def test_real_run_and_singulars():
    done = [call([entry("a@ch.fr", "INBOX", 1, 500, status="deleted")], mailboxes=1)]
    assert purge_report(done, RULES, "Corbeilles")["lines"][0] == (
        "Corbeilles : 1 message supprimé (0 ko) dans 1 BAL sur 1 ; 0 refus (garde-fou) ; 0 BAL en échec ; "
        "0 dossier absent d'une BAL.")


def test_failures_are_bounded():
    failures = [{"mailbox": "u%02d@ch.fr" % i, "error": "x"} for i in range(25)]
    lines = purge_report([call([], mailboxes=25, failures=failures)], [], "Corbeilles")["lines"]
    assert lines[-1] == "  … et 5 autres BAL en échec"
    assert sum(1 for line in lines if line.startswith("  BAL u")) == 20


def test_old_result_shape_without_presence_nor_dates():
    old = [{"selected": [{"mailbox": "a@ch.fr", "folder": "Trash", "rule": "corbeille", "messages": 2,
                          "bytes": 10, "status": "would_delete"}],
            "failures": [], "summary": {"mailboxes": 4, "selected_messages": 2, "refused": 0}}]
    report = purge_report(old, [{"name": "corbeille", "folders": ["\\Trash"]}], "Corbeilles",
                          check_mode=True, detailed=True)
    assert report["totals"]["messages"] == 2 and report["totals"]["absent_folders"] == 0
    assert report["lines"][-1].rstrip().endswith("—")


def test_registered_under_its_name():
    assert FilterModule().filters()["purge_report"] is purge_report


def test_kept_patient_documents_counted_over_batches():
    batches = [call([entry("a@ch.fr", "INBOX", 2, 200)], mailboxes=1), call([], mailboxes=1)]
    batches[0]["summary"]["kept_patient_documents"] = 3
    batches[1]["summary"]["kept_patient_documents"] = 1
    report = purge_report(batches, RULES, "Rétention", check_mode=True)
    assert report["totals"]["kept_patient_documents"] == 4
    assert "4 documents patients conservés (patient_documents)" in report["lines"][0]


def test_a_real_run_says_what_it_took_from_the_preview():
    reused = dict(call([], mailboxes=2), selection_plan={"state": "reused", "folders_reused": 1998, "folders_fetched": 2})
    ignored = dict(call([], mailboxes=1), selection_plan={"state": "ignored", "reason": "fait un autre jour (2026-12-03)",
                                                          "folders_reused": 0, "folders_fetched": 3})
    lines = purge_report([reused, ignored], RULES, "Corbeilles")["lines"]
    assert ("Sélection reprise de l'aperçu de l'audit pour 1\u202f998 dossiers, 5 relus sur la plateforme "
            "(changés depuis l'aperçu, ou sans aperçu).") in lines
    assert ("Aperçu de l'audit non repris (fait un autre jour (2026-12-03)) : sélection relue sur la plateforme."
            in lines)
    # the preview itself writes the plan and says nothing of it
    written = dict(call([], mailboxes=2), selection_plan={"state": "written", "folders_fetched": 2})
    assert not any("aperçu" in line for line in purge_report([written], RULES, "Corbeilles", check_mode=True)["lines"])
