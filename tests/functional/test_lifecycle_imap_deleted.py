# SPDX-License-Identifier: GPL-3.0-or-later
"""A deleted BAL's suppression request is confirmed on a platform read over IMAP only (issue #14).

playbooks/deletion.yml with mssante_imap backend imap (no doveadm, no user list): the requests
are made, then the operator deletes one BAL from the lab's Dovecot (passdb/userdb entry and mail)
and the Annuaire stops publishing it. Dovecot refuses the admin's master login for that user
while it opens the others: the BAL is absent, with that evidence, and its request is confirmed.
Another BAL whose suppression is pending, unpublished too, exists but the server cannot open it
(its userdb entry is broken: the login succeeds, the session dies): a failure, not an absence,
so its request stays pending. (No longer in the local directory nor in the Annuaire, it is asked
about because its suppression is pending: see test_lifecycle_imap_unlisted.py.)
"""
import json
import os
import shutil

from lab import establishment, stack
from tests.functional.demo_playbook import lab_fixture
from tests.functional.faults.helpers import assert_completes, run_lab
from tests.functional.lab_changes import stop_publishing

LAB = "pytest-imap-deleted"
lab_state = lab_fixture(LAB, staff=12)

IMAP = {"backend": "imap", "host": "{{ mssante_lab.imap.host }}", "port": "{{ mssante_lab.imap.imaps_port }}",
        "security": "tls", "admin_user": "{{ mssante_lab.imap.admin_user }}",
        "admin_password": "{{ mssante_lab.imap.admin_password }}", "ca_path": "{{ mssante_lab.tls.ca_cert }}",
        "concurrency": 4}


def _ledger(state):
    with open(os.path.join(state["directory"], "state", "ledger.json"), encoding="utf-8") as handle:
        return json.load(handle)["requests"]


def suppressions(state):
    return {r["address"]: r for r in _ledger(state) if r["kind"] == "suppression"}


def _rewrite_users(server, change):
    """Rewrite the lab's passwd-file (passdb and userdb alike) line by line through `change`."""
    with open(server.users_file, encoding="utf-8") as handle:
        lines = handle.read().splitlines()
    kept = [new for new in (change(line.split(":")) for line in lines if line) if new is not None]
    with open(server.users_file, "w", encoding="utf-8") as handle:
        handle.writelines(":".join(fields) + "\n" for fields in kept)


def delete_mailbox(state, login):
    """The operator deletes the BAL: no passdb/userdb entry any more, no mail directory."""
    server = stack.dovecot_of(state["directory"])
    _rewrite_users(server, lambda fields: None if fields[0] == login else fields)
    shutil.rmtree(server.home(login))


def add_broken_mailbox(state, login):
    """The platform gets a BAL it cannot open: the login succeeds, the session dies (uid 0 refused)."""
    server = stack.dovecot_of(state["directory"])
    with open(server.users_file, "a", encoding="utf-8") as handle:
        handle.write("%s:{PLAIN}not-used::::::userdb_uid=0\n" % login)


def lab_address(uid):
    return "%s@%s" % (uid, establishment.DOMAIN)


def test_deleted_bal_confirmed_over_imap_unreadable_one_not(lab_state):
    # a departed owner whose liste rouge is done, and a published address without a mailbox
    # (lab/establishment.py): the suppression of both is asked
    deleted, unreadable = lab_address("david.fictif"), lab_address("ancien.interne")
    stop_publishing(lab_state, deleted)
    assert_completes(run_lab(lab_state, "deletion.yml", mssante_imap=IMAP))
    requests = suppressions(lab_state)
    assert requests[deleted]["state"] == requests[unreadable]["state"] == "pending", requests

    # the operator deletes the first one; the second now exists on the platform but cannot be read
    delete_mailbox(lab_state, deleted)
    add_broken_mailbox(lab_state, unreadable)
    stop_publishing(lab_state, unreadable)

    run = run_lab(lab_state, "deletion.yml", mssante_imap=IMAP)
    assert_completes(run)
    requests = suppressions(lab_state)
    assert requests[deleted]["state"] == "confirmed", requests[deleted]
    assert requests[unreadable]["state"] == "pending", (requests[unreadable], run.output[-3000:])
    # the same ledger on a rerun: nothing changes
    assert run_lab(lab_state, "deletion.yml", mssante_imap=IMAP).changed == 0
