# SPDX-License-Identifier: GPL-3.0-or-later
"""mailstore_purge against a real Dovecot and a real Cyrus: every backend, same rules, same results.

On Cyrus only the IMAP backend exists; what a test checks through doveadm on Dovecot it checks over
IMAP on Cyrus (tests/functional/imap_checks.py: the admin, EXAMINE)."""
import json

import pytest

from lab.dovecot import TRASH
from lab.ports import free_ports
from tests.functional import imap_checks
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.errors import ConfigError
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.service import run_purge

TRASH_RULE = {"name": "corbeille", "folders": ["\\Trash"], "older_than_days": 30}


def params(platform, backend="imap", **extra):
    server = platform.dovecot
    if getattr(server, "kind", "dovecot") == "cyrus" and backend != "imap":
        pytest.skip("Cyrus IMAP n'a pas doveadm : seul le backend imap s'y applique")
    base = {"backend": "imap", "host": server.host, "port": server.imaps_port, "security": "tls",
            "admin_user": server.admin_user, "admin_password": server.admin_password,
            "ca_path": server.ca_cert, "validate_certs": True, "timeout": 10,
            "mailboxes": platform.logins, "concurrency": 4, "rules": [TRASH_RULE],
            "max_delete_ratio": 1.0}
    if backend == "doveadm":
        base.update(backend="doveadm", doveadm_config=server.config_path)
    elif backend == "doveadm-http":
        base.update(backend="doveadm", host=server.host, port=server.doveadm_http_port,
                    security="none", doveadm_api_key=server.doveadm_api_key,
                    folder_roles={"\\Trash": TRASH}, last_login_dict=server.last_login_dict)
    base.update(extra)
    return base


def snapshot(server):
    """{(user, folder, uid): flags} of every message on the platform."""
    if getattr(server, "kind", "dovecot") == "cyrus":
        return imap_checks.snapshot(server)
    rows = json.loads(server.doveadm("-f", "json", "fetch", "-A", "mailbox uid flags", "all"))
    return {(r["username"], r["mailbox"], int(r["uid"])): r["flags"] for r in rows}


def rule_matches(server, query):
    if getattr(server, "kind", "dovecot") == "cyrus":
        return imap_checks.rule_matches(server, query)
    rows = json.loads(server.doveadm("-f", "json", "fetch", "-A", "mailbox uid", *query))
    return {(r["username"], r["mailbox"], int(r["uid"])) for r in rows}


def trash_query():
    import datetime as dt
    cutoff = (dt.datetime.now().astimezone().date() - dt.timedelta(days=30)).isoformat()
    return ["mailbox", TRASH, "savedbefore", cutoff, "unflagged"]


def test_check_mode_changes_nothing(fresh_platform):
    server = fresh_platform.dovecot
    before = snapshot(server)
    result = run_purge(params(fresh_platform), check_mode=True, diff=True)
    assert result["summary"]["selected_messages"] > 0
    assert all(e["status"] == "would_delete" and e["uids"] for e in result["selected"])
    assert snapshot(server) == before


@pytest.mark.parametrize("backend", ["imap", "doveadm", "doveadm-http"])
def test_real_run_deletes_exactly_the_selection(fresh_platform, tmp_path, backend):
    platform, server = fresh_platform, fresh_platform.dovecot
    before = snapshot(server)
    expected = rule_matches(server, trash_query())
    journal = tmp_path / "journal.jsonl"
    result = run_purge(params(platform, backend, journal_path=str(journal)), check_mode=False, diff=False)
    assert result["failures"] == []
    after = snapshot(server)
    gone = set(before) - set(after)
    assert gone == expected and expected
    assert all(key[1] == TRASH for key in gone)  # Trash found by SPECIAL-USE, French name
    # flagged and recent Trash mail kept; mail the user marked \Deleted elsewhere untouched
    assert any(key[1] == TRASH and "\\Flagged" in flags for key, flags in after.items())
    deleted_by_user = {k for k, flags in before.items() if "\\Deleted" in flags}
    assert deleted_by_user and deleted_by_user <= set(after)
    lines = [json.loads(line) for line in journal.read_text(encoding="utf-8").splitlines()]
    assert {(l["mailbox"], l["folder"], l["uid"]) for l in lines} == gone
    assert all(l["message_id"] and l["uidvalidity"] and l["rule"] == "corbeille" for l in lines)
    assert result["summary"]["deleted_messages"] == len(gone)
    again = run_purge(params(platform, backend, journal_path=str(journal)), check_mode=False, diff=False)
    assert again["summary"]["selected_messages"] == 0 and again["deleted"] == []


def test_export_before_delete_and_safety_cap(fresh_platform, tmp_path):
    platform = fresh_platform
    archives = {"name": "archives", "folders": ["Archives/2023"], "older_than_days": 30, "date": "received"}
    capped = run_purge(params(platform, rules=[archives], max_delete_ratio=0.5, journal_path=str(tmp_path / "j")),
                       check_mode=False, diff=False)
    refused = [e for e in capped["selected"] if e["status"] == "refused"]
    assert refused and "max_delete_ratio (50 %)" in refused[0]["reason"]
    result = run_purge(params(platform, journal_path=str(tmp_path / "j"), export_dir=str(tmp_path / "eml")),
                       check_mode=False, diff=False)
    exported = list((tmp_path / "eml").rglob("*.eml"))
    assert len(exported) == result["summary"]["deleted_messages"] > 0
    assert b"Message-ID:" in exported[0].read_bytes()


def test_clear_errors(shared_platform, tmp_path):
    platform = shared_platform
    server = platform.dovecot
    wrong = run_purge(params(platform, admin_password="wrong", mailboxes=platform.logins[:2]), True, False)
    assert len(wrong["failures"]) == 2
    assert wrong["failures"][0]["error"].startswith("identifiants refusés par %s:%d pour la BAL %s" % (
        server.host, server.imaps_port, wrong["failures"][0]["mailbox"]))
    assert "vérifiez admin_user / admin_password" in wrong["failures"][0]["error"]
    untrusted = run_purge(params(platform, ca_path=None, mailboxes=platform.logins[:1]), True, False)
    assert "certificat non reconnu" in untrusted["failures"][0]["error"]
    assert "ca_path" in untrusted["failures"][0]["error"] and "validate_certs" in untrusted["failures"][0]["error"]
    closed = run_purge(params(platform, port=free_ports(1)[0], mailboxes=platform.logins[:1]), True, False)
    assert closed["failures"][0]["error"].startswith("serveur injoignable %s:" % server.host)
    assert closed["failures"][0]["error"].endswith("vérifiez host/port/security")
    rule = {"name": "archives", "folders": ["Archives/1999"], "older_than_days": 30}
    absent = run_purge(params(platform, rules=[rule], mailboxes=platform.logins[:1]), True, False)
    assert absent["failures"] == [] and absent["folder_presence"] == {"Archives/1999": {"present": 0, "absent": 1}}
    with pytest.raises(ConfigError, match="older_than_days"):
        run_purge(params(platform, rules=[{"name": "x", "folders": ["INBOX"], "older_than_days": 0}]),
                  True, False)
