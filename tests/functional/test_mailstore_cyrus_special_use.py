# SPDX-License-Identifier: GPL-3.0-or-later
"""Cyrus IMAP allows one folder per SPECIAL-USE role and user (Dovecot declares French and English
Trash folders both \\Trash): the second Trash is an ordinary folder there. The fallback documented
in the README (« Cyrus IMAP »): stats count the \\Trash folder only, a rule reaches the other by name."""

import pytest

from lab import imap_admin
from lab.dovecot import TRASH, TRASH_EN
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.service import run_info, run_purge
from tests.functional import imap_checks
from tests.functional.mail_fixtures import _dispose, _platform
from tests.functional.test_mailstore_purge import params


@pytest.fixture()
def cyrus_fresh(lab_certs, cyrus_platform):
    del cyrus_platform  # owns the template's clean-up
    platform = _platform(lab_certs, kind="cyrus")
    yield platform
    _dispose(platform)


def test_second_trash_is_an_ordinary_folder_reached_by_name(cyrus_fresh):
    platform, server = cyrus_fresh, cyrus_fresh.server
    owner = platform.login(8)
    conn = server.admin_session(owner)
    try:
        with pytest.raises(RuntimeError, match="USEATTR"):
            imap_admin.create_folder(conn, TRASH_EN, "\\Trash")
        imap_admin.create_folder(conn, TRASH_EN)
    finally:
        conn.logout()
    imap_checks.move_all(server, owner, "INBOX", TRASH_EN, create=False)
    [stats] = run_info(params(platform, mailboxes=[owner]))["mailboxes"]
    folders = {f["name"]: f for f in stats["folders"]}
    assert folders[TRASH]["special_use"] == "\\Trash" and folders[TRASH_EN]["special_use"] == ""
    assert folders[TRASH_EN]["messages"] > 0
    assert stats["trash_messages"] == folders[TRASH]["messages"] == 40  # the \Trash folder only
    by_role = run_purge(params(platform, mailboxes=[owner]), True, False)
    assert {e["folder"] for e in by_role["selected"]} == {TRASH}
    named = {"name": "corbeille-en", "folders": [TRASH_EN], "older_than_days": 1, "date": "received"}
    by_name = run_purge(params(platform, mailboxes=[owner], rules=[named]), True, False)
    assert by_name["folder_presence"] == {TRASH_EN: {"present": 1, "absent": 0}}
    assert {e["folder"] for e in by_name["selected"]} == {TRASH_EN}
