# SPDX-License-Identifier: GPL-3.0-or-later
"""The merge of activity evidence (platform login, connection file, Sent folder) and the audit of a
platform hosted elsewhere (no mailbox statistics: connection file and Annuaire only)."""
import datetime as dt

from ansible_collections.mssante.hygiene.plugins.module_utils.audit.activity import best_activity
from ansible_collections.mssante.hygiene.plugins.module_utils.audit.analysis import audit
from ansible_collections.mssante.hygiene.plugins.module_utils.audit.codes import PLATFORM_CODES

NOW = dt.datetime(2026, 11, 26, 10, 0, tzinfo=dt.timezone.utc)
EST = {"name": "CH", "finess_ej": "990000002", "finess_eg": ["990000010"], "domains": ["ch.fr"]}


def ago(days):
    return (NOW - dt.timedelta(days=days)).isoformat()


def test_newest_evidence_wins_and_names_its_source():
    assert best_activity([(ago(200), "sent_folder"), (ago(2), "connection_file")], NOW) == (ago(2), "connection_file")
    assert best_activity([(ago(90), "last_login"), (ago(5), "sent_folder")], NOW) == (ago(5), "sent_folder")
    assert best_activity([(ago(9), "connection_file"), (ago(10), "last_login")], NOW)[1] == "connection_file"


def test_same_day_the_login_beats_the_sent_estimate_and_a_future_sent_date_is_no_evidence():
    same_day = (NOW - dt.timedelta(days=3, hours=2)).isoformat()
    assert best_activity([(ago(3), "sent_folder"), (same_day, "last_login")], NOW) == (same_day, "last_login")
    future = (NOW + dt.timedelta(days=30)).isoformat()
    assert best_activity([(future, "sent_folder"), (ago(80), "last_login")], NOW) == (ago(80), "last_login")
    assert best_activity([("", "sent_folder"), ("hier", "last_login")], NOW) == ("", "unknown")


def account(uid, **values):
    return dict({"dn": "uid=%s" % uid, "mails": ["%s@ch.fr" % uid], "rpps": "", "bal_type": "ORG"}, **values)


def bal(uid, **values):
    return dict({"address": "%s@ch.fr" % uid, "type": "ORG", "carrier": ["Organization"],
                 "structures": ["990000010"]}, **values)


def run(mailboxes=(), connections=()):
    accounts = [account(u) for u in ("lecteur", "vieux", "bientot", "absent", "local")]
    bals = [bal(u) for u in ("lecteur", "vieux", "bientot", "absent")]
    return audit(accounts, bals, [], list(mailboxes), EST, None, NOW, connections=list(connections))


def codes(result):
    found = {}
    for finding in result["findings"]:
        found.setdefault(finding.address, set()).add(finding.code)
    return found


CONNECTIONS = [{"address": "lecteur@ch.fr", "last_activity": ago(2)}, {"address": "vieux@ch.fr", "last_activity": ago(90)},
               {"address": "bientot@ch.fr", "last_activity": ago(50)}, {"address": "local@ch.fr", "last_activity": ago(3)},
               {"address": "inconnu@ch.fr", "last_activity": ago(4)}]


def test_a_reader_with_an_old_sent_folder_is_not_inactive():
    stats = [{"mailbox": "lecteur@ch.fr", "last_activity": ago(200), "last_activity_source": "sent_folder"}]
    assert codes(run(stats))["lecteur@ch.fr"] == {"inactive"}
    result = run(stats, CONNECTIONS)
    assert "lecteur@ch.fr" not in codes(result)
    row = next(m for m in result["mailboxes"] if m["address"] == "lecteur@ch.fr")
    assert (row["last_activity_source"], row["inactive_days"], row["on_platform"]) == ("connection_file", 2, True)


def test_hosted_elsewhere_inactivity_from_the_file_and_nothing_guessed():
    result = run(connections=CONNECTIONS)
    found = codes(result)
    assert found["vieux@ch.fr"] == {"inactive"} and found["bientot@ch.fr"] == {"inactive_soon"}
    assert "lecteur@ch.fr" not in found and "absent@ch.fr" not in found  # not listed: activity not measured
    assert found["local@ch.fr"] == {"not_published"} and found["inconnu@ch.fr"] == {"unknown_owner"}
    summary = result["summary"]
    assert summary["not_measured"] == list(PLATFORM_CODES) and summary["platform_measured"] is False
    assert summary["activity_sources"] == {"last_login": 0, "connection_file": 5, "sent_folder": 0}
    assert summary["activity_unknown"] == 1 and "fichier des connexions" in summary["notes"][0]
    rows = {m["address"]: m for m in result["mailboxes"]}
    assert {m["on_platform"] for m in rows.values()} == {None}
    assert any("activité non mesurée" in note for note in rows["absent@ch.fr"]["notes"])
    inactive = next(f for f in result["findings"] if f.code == "inactive")
    assert "fichier des connexions" in inactive.detail
    assert inactive.evidence["platform"]["last_activity_source"] == "connection_file"


def test_without_platform_nor_file_activity_findings_are_not_measured_either():
    summary = run()["summary"]
    assert {"inactive", "inactive_soon", "orphan_published"} <= set(summary["not_measured"])
    assert not codes(run()).get("vieux@ch.fr")
