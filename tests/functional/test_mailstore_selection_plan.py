# SPDX-License-Identifier: GPL-3.0-or-later
"""The audit's preview keeps its selection, the real purge takes it back (doveadm, issue #20 item 3).

Real Dovecot: a folder unchanged since the preview is not fetched again; a folder the user touched
in between (a flag set) is fetched live, so the flagged message stays; a doubtful plan is ignored.
"""
import json
import os

import pytest

from lab.dovecot import TRASH
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.service import run_purge
from tests.functional.test_mailstore_purge import params, rule_matches, snapshot, trash_query

BACKENDS = ["doveadm", "doveadm-http"]


def _preview(platform, backend, plans):
    return run_purge(params(platform, backend, plan_path=str(plans)), check_mode=True, diff=True)


def _purge(platform, backend, plans, journal):
    return run_purge(params(platform, backend, plan_path=str(plans), journal_path=str(journal)),
                     check_mode=False, diff=True)


def _selected_uids(result):
    return {(e["mailbox"], e["folder"], uid) for e in result["selected"] for uid in e.get("uids", [])}


@pytest.mark.parametrize("backend", BACKENDS)
def test_unchanged_folders_reuse_the_preview_changed_ones_are_read_live(fresh_mail_platform, tmp_path, backend):
    platform, server = fresh_mail_platform, fresh_mail_platform.dovecot
    plans = tmp_path / "plans"
    preview = _preview(platform, backend, plans)
    written = preview["selection_plan"]
    assert written["state"] == "written" and written["folders_fetched"] > 1
    assert os.stat(written["path"]).st_mode & 0o777 == 0o600
    with open(written["path"], encoding="utf-8") as handle:
        rows = [row for users in json.load(handle)["folders"].values() for _state, kept in users.values()
                for row in kept]
    # the guard's verdict is kept, never a Subject or an attachment's name
    assert rows and all("mssante.document" in row for row in rows)
    assert not any("hdr.subject" in row or "imap.bodystructure" in row for row in rows)
    shown = _selected_uids(preview)
    assert shown
    # between the audit and the purge, a user flags one message the preview selected
    touched = sorted(shown)[0]
    server.doveadm("flags", "add", "-u", touched[0], "\\Flagged", "mailbox", touched[1], "uid", str(touched[2]))
    expected = rule_matches(server, trash_query())
    before = snapshot(server)
    result = _purge(platform, backend, plans, tmp_path / "journal.jsonl")
    plan = result["selection_plan"]
    assert plan["state"] == "reused"
    assert plan["folders_fetched"] == 1  # the touched mailbox's Trash only
    assert plan["folders_reused"] == written["folders_fetched"] - 1
    gone = set(before) - set(snapshot(server))
    assert gone == expected == shown - {touched}
    assert touched in snapshot(server)
    journaled = {(line["mailbox"], line["folder"], line["uid"]) for line in
                 map(json.loads, (tmp_path / "journal.jsonl").read_text(encoding="utf-8").splitlines())
                 if "event" not in line}
    assert journaled == gone
    assert not os.path.exists(plan["path"])  # a plan serves once


@pytest.mark.parametrize("damage, reason", [
    (lambda document: "{ coupé", "illisible"),
    (lambda document: json.dumps(dict(document, today="2001-01-01")), "autre jour"),
    (lambda document: json.dumps(dict(document, logins=document["logins"][1:])), "autre lot"),
    (lambda document: json.dumps(dict(document, created=document["created"] - 5 * 3600)), "trop ancien"),
    (lambda document: json.dumps(dict(document, settings="0" * 64)), "documents patients"),
])
def test_a_doubtful_plan_is_ignored_and_everything_read_live(fresh_mail_platform, tmp_path, damage, reason):
    platform, server = fresh_mail_platform, fresh_mail_platform.dovecot
    plans = tmp_path / "plans"
    path = _preview(platform, "doveadm", plans)["selection_plan"]["path"]
    with open(path, encoding="utf-8") as handle:
        document = json.load(handle)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(damage(document))
    expected = rule_matches(server, trash_query())
    before = snapshot(server)
    result = _purge(platform, "doveadm", plans, tmp_path / "journal.jsonl")
    plan = result["selection_plan"]
    assert plan["state"] == "ignored" and reason in plan["reason"]
    assert plan["folders_reused"] == 0
    assert set(before) - set(snapshot(server)) == expected and expected
    assert all(key[1] == TRASH for key in expected)


def test_imap_backend_ignores_plan_path(fresh_mail_platform, tmp_path):
    result = run_purge(params(fresh_mail_platform, "imap", plan_path=str(tmp_path / "plans")),
                       check_mode=True, diff=False)
    assert "selection_plan" not in result
    assert not (tmp_path / "plans").exists()
