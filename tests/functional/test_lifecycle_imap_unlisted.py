# SPDX-License-Identifier: GPL-3.0-or-later
"""A deleted BAL gone from the local directory and the Annuaire too: its suppression is still
confirmed over IMAP (issue 14), and never on a temporary failure.

playbooks/deletion.yml with IMAP-only access. After the requests are made, the operator deletes
one BAL everywhere: its account from slapd, its publication, its Dovecot user and mail. No source
lists the address any more; the inventory asks the platform about it because its suppression is
pending in the ledger, Dovecot refuses the admin's login for it while it opens the others, and
the request is confirmed. The other pending BAL, unpublished and unknown to the directory, gets
NO [UNAVAILABLE] from Dovecot: a failure, so its request stays pending until Dovecot answers.
"""
import json
import os

from ansible_collections.mssante.hygiene.plugins.module_utils.inventory_snapshot import read
from tests.functional.demo_playbook import lab_fixture
from tests.functional.faults.dovecot_unavailable import answer_unavailable, clear_unavailable
from tests.functional.faults.helpers import assert_completes, run_lab
from tests.functional.ldap_fixtures import lab_remove_person
from tests.functional.test_lifecycle_imap_deleted import IMAP, delete_mailbox, lab_address, suppressions
from tests.functional.lab_changes import stop_publishing

LAB = "pytest-imap-unlisted"
lab_state = lab_fixture(LAB, staff=12)


def _lab_json(state, *path):
    with open(os.path.join(state["directory"], *path), encoding="utf-8") as handle:
        return json.load(handle)


def _changed_tasks(output):
    """Names of the tasks a playbook run reported changed."""
    return [block.split("]", 1)[0] for block in output.split("TASK [")[1:] if "\nchanged:" in block]


def test_deleted_bal_no_source_lists_is_confirmed_unavailable_one_stays_pending(lab_state):
    # a departed owner, and a published address without a mailbox (lab/establishment.py)
    deleted, unavailable = lab_address("david.fictif"), lab_address("ancien.interne")
    stop_publishing(lab_state, deleted)
    assert_completes(run_lab(lab_state, "deletion.yml", mssante_imap=IMAP))
    requests = suppressions(lab_state)
    assert requests[deleted]["state"] == requests[unavailable]["state"] == "pending", requests

    # the operator deletes the first BAL everywhere; the second is unpublished, and the server
    # cannot decide about it for now
    lab_remove_person(lab_state, "david.fictif")
    delete_mailbox(lab_state, deleted)
    stop_publishing(lab_state, unavailable)
    answer_unavailable(lab_state, unavailable)

    run = run_lab(lab_state, "deletion.yml", mssante_imap=IMAP)
    assert_completes(run)
    requests = suppressions(lab_state)
    assert requests[deleted]["state"] == "confirmed", (requests[deleted], run.output[-3000:])
    assert requests[unavailable]["state"] == "pending", requests[unavailable]
    inventory = read(os.path.join(lab_state["directory"], "state", "inventaire.json"))["inventory"]
    assert deleted in inventory["mailbox_absent"], inventory["mailbox_absent"]
    assert [f["mailbox"] for f in inventory["mailbox_failures"]] == [unavailable], inventory["mailbox_failures"]
    assert "[UNAVAILABLE]" in inventory["mailbox_failures"][0]["error"]
    # asked about for their absence evidence only: no finding of their own
    findings = _lab_json(lab_state, "reports", "audit.json")["findings"]
    assert not [f for f in findings if f["address"] in (deleted, unavailable)], findings

    # Dovecot answers again: that BAL does not exist (never created), its request is confirmed
    clear_unavailable(lab_state, unavailable)
    assert_completes(run_lab(lab_state, "deletion.yml", mssante_imap=IMAP))
    assert suppressions(lab_state)[unavailable]["state"] == "confirmed"
    # nothing pending any more, so nothing asked about: only the inventory snapshot loses the
    # two absent addresses, once
    rerun = run_lab(lab_state, "deletion.yml", mssante_imap=IMAP)
    assert _changed_tasks(rerun.output) == ["mssante.hygiene.inventory : Écrire l'instantané de l'inventaire"]
    assert read(os.path.join(lab_state["directory"], "state", "inventaire.json"))["inventory"]["mailbox_absent"] == []
    assert run_lab(lab_state, "deletion.yml", mssante_imap=IMAP).changed == 0
