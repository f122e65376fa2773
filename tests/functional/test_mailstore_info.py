# SPDX-License-Identifier: GPL-3.0-or-later
"""mailstore_info against a real Dovecot and a real Cyrus: stats, last activity, and sweeps that change nothing."""
from lab.dovecot import TRASH
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.service import run_info
from tests.functional.test_mailstore_purge import params, snapshot


def test_imap_stats_and_admin_sweep_leaves_last_login(shared_platform):
    mail_platform = shared_platform
    server = mail_platform.dovecot
    owner = mail_platform.login(8)
    # Cyrus keeps no last-login (README, « Cyrus IMAP ») : only the messages can be compared there
    last_login = getattr(server, "last_login", lambda login: None)
    before_login = {login: last_login(login) for login in mail_platform.logins}
    before = snapshot(server)
    result = run_info(params(mail_platform, mailboxes=mail_platform.logins + ["nobody@ch-exemple.mssante.fr"]))
    # refused while the admin opens the others: the mailbox does not exist (issue #13), with evidence
    assert result["failures"] == [] and result["absent"] == ["nobody@ch-exemple.mssante.fr"]
    assert "alors que le compte admin" in result["absent_evidence"]["nobody@ch-exemple.mssante.fr"]
    stats = {m["mailbox"]: m for m in result["mailboxes"]}
    assert len(stats) == len(mail_platform.logins)
    trash = [f for f in stats[owner]["folders"] if f["special_use"] == "\\Trash"][0]
    assert trash["name"] == TRASH and trash["messages"] == stats[owner]["trash_messages"] == 40
    assert stats[owner]["trash_oldest"] < stats[owner]["last_activity"] or stats[owner]["last_activity"] == ""
    assert stats[owner]["quota_limit_bytes"] > 0
    assert {m["last_activity_source"] for m in stats.values()} <= {"sent_folder", "unknown"}
    assert {login: last_login(login) for login in mail_platform.logins} == before_login
    assert snapshot(server) == before


def test_doveadm_stats_use_last_login(mail_platform):
    for backend in ("doveadm", "doveadm-http"):
        result = run_info(params(mail_platform, backend))
        stats = {m["mailbox"]: m for m in result["mailboxes"]}
        assert result["failures"] == []
        assert stats[mail_platform.login(0)]["last_activity_source"] == "last_login"
        assert stats[mail_platform.login(10)]["last_activity_source"] == "unknown"
        assert stats[mail_platform.login(8)]["trash_messages"] == 40
