# SPDX-License-Identifier: GPL-3.0-or-later
"""The collection's playbooks on an OAuth-only platform (issue 19): the lab's Dovecot refuses every
password, the demo inventory reaches it over IMAP with the lab OAuth server's client credentials.

The audit reads every mailbox, the trash purge deletes what the read-only preview showed, and a
rerun changes nothing: the whole path a DSI takes, not only the modules (test_mailstore_oauth.py).
"""
import json
import os

import pytest

from lab import stack
from tests.functional.demo_playbook import IMAP_OVERRIDE
from tests.functional.faults.helpers import assert_completes, run_lab

LAB = "pytest-oauth-playbooks"
STAFF = 12


@pytest.fixture(scope="module")
def oauth_lab():
    state = stack.up(LAB, staff=STAFF, auth="oauth")
    yield state
    stack.down(LAB)


def _oauth_imap(state):
    """mssante_imap with `oauth` instead of the admin password; the secret read from its 0600 file."""
    with open(state["oauth"]["secrets_file"], encoding="utf-8") as handle:
        secret = json.load(handle)["client_secret"]
    imap = {key: value for key, value in IMAP_OVERRIDE.items() if key not in ("admin_user", "admin_password")}
    imap["oauth"] = {"token_url": state["oauth"]["token_url"], "client_id": state["oauth"]["client_id"],
                     "client_secret": secret, "scope": state["oauth"]["scope"]}
    return imap, secret


def _audit(state):
    with open(os.path.join(state["directory"], "reports", "audit.json"), encoding="utf-8") as handle:
        return json.load(handle)


def test_audit_and_trash_purge_with_client_credentials(oauth_lab):
    imap, secret = _oauth_imap(oauth_lab)
    run = run_lab(oauth_lab, "audit.yml", mssante_imap=imap)
    assert_completes(run)
    report = _audit(oauth_lab)
    on_platform = [box for box in report["mailboxes"] if box.get("on_platform")]
    assert on_platform and all(box["last_activity_source"] in ("sent_folder", "") for box in on_platform)

    preview = run_lab(oauth_lab, "purge_trash.yml", "--check", mssante_imap=imap)
    assert_completes(preview)
    purge = run_lab(oauth_lab, "purge_trash.yml", mssante_imap=imap)
    assert_completes(purge)
    assert purge.changed >= 1
    again = run_lab(oauth_lab, "purge_trash.yml", mssante_imap=imap)
    assert_completes(again)
    assert again.changed == 0
    for shown in (run.output, preview.output, purge.output, again.output):
        assert secret not in shown
