# SPDX-License-Identifier: GPL-3.0-or-later
"""The per-folder cap against a real Dovecot and a real Cyrus, on every backend: a Trash of mostly old mail is
emptied even with max_delete_ratio 0.5 (that is the trash rule's purpose), while a working
folder (Archives) stays protected, with a French reason naming the BAL and the folder."""
import json

import pytest

from lab.dovecot import TRASH
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.service import run_purge
from tests.functional import imap_checks
from tests.functional.test_mailstore_purge import params, rule_matches, snapshot, trash_query

BACKENDS = ["imap", "doveadm", "doveadm-http"]
ARCHIVES = {"name": "archives-30-jours", "folders": ["Archives/2023"], "older_than_days": 30, "date": "received"}


def saved_days(server, login):
    """Save dates (YYYY-MM-DD) of the Trash mail the rule selects, oldest first."""
    if getattr(server, "kind", "dovecot") == "cyrus":
        return sorted(imap_checks.dates(server, login, "SAVEDATE", trash_query()))
    return sorted(row["date.saved"][:10] for row in json.loads(server.doveadm(
        "-f", "json", "fetch", "-u", login, "date.saved", *trash_query())))


@pytest.mark.parametrize("backend", BACKENDS)
def test_trash_over_half_is_purged_not_refused(fresh_platform, tmp_path, backend):
    platform, server = fresh_platform, fresh_platform.dovecot
    overdue = platform.login(8)  # 40 messages in the Trash, most of them saved long ago
    before = snapshot(server)
    expected = rule_matches(server, trash_query())
    in_trash = sum(1 for key in before if key[:2] == (overdue, TRASH))
    assert sum(1 for key in expected if key[0] == overdue) > 0.5 * in_trash
    saved = saved_days(server, overdue)
    result = run_purge(params(platform, backend, max_delete_ratio=0.5, journal_path=str(tmp_path / "j.jsonl")),
                       check_mode=False, diff=False)
    assert result["failures"] == [] and result["summary"]["refused"] == 0
    entry = next(e for e in result["selected"] if e["mailbox"] == overdue)
    assert entry["status"] == "deleted" and entry["messages"] > 0.5 * entry["folder_messages"]
    assert (entry["oldest"], entry["newest"]) == (saved[0], saved[-1])  # the saved dates the rule compares
    assert set(before) - set(snapshot(server)) == expected


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_working_folder_keeps_the_cap(shared_platform, backend):
    result = run_purge(params(shared_platform, backend, rules=[ARCHIVES], max_delete_ratio=0.5), True, False)
    refused = [e for e in result["selected"] if e["status"] == "refused"]
    assert refused and result["failures"] == []
    assert all(e["messages"] > 0.5 * e["folder_messages"] for e in refused)
    assert all(e["status"] == "would_delete" for e in result["selected"] if e["messages"] <= 0.5 * e["folder_messages"])
    reason = refused[0]["reason"]
    assert reason.startswith("BAL %s, dossier « Archives/2023 » : la règle « archives-30-jours » supprimerait "
                             % refused[0]["mailbox"])
    assert "au-delà de max_delete_ratio (50 %) ; refusé (allow_over_ratio: true sur la règle" in reason
