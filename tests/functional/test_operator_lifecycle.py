# SPDX-License-Identifier: GPL-3.0-or-later
"""Operator requests end to end on real servers: playbooks redlist.yml and deletion.yml against
a seeded lab (slapd, Dovecot, the local FHIR v2 server), then the world changes and the ledger
follows: confirmation when the Annuaire stops publishing, withdrawal when a BAL is used again,
deletion confirmed once the mailbox is gone, and reruns change nothing."""
import json
import os
import shutil

from lab import stack
from tests.functional.demo_playbook import lab_fixture, run_demo_playbook
from tests.functional.lab_changes import stop_publishing, user_logs_in

LAB = "pytest-requests"
INACTIVE = "alice.fictif@ch-exemple.mssante.fr"  # inactive 120 days, still published
ORG_INACTIVE = "accueil.urgences@ch-exemple.mssante.fr"  # ORG, inactive 90 days
UNPUBLISHED = "bruno.fictif@ch-exemple.mssante.fr"  # inactive 240 days, unpublished
# redlist.yml + deletion.yml in one run (tests/functional/playbooks), relative to playbooks/
BOTH = os.path.join(os.pardir, "tests", "functional", "playbooks", "requests.yml")
lab_state = lab_fixture(LAB, staff=20)


def run(playbook, state, *extra):
    return run_demo_playbook(state["directory"], playbook, *extra)[1]


def states_of(state, address):
    """{kind: state} of the requests the ledger holds for `address`."""
    with open(os.path.join(state["directory"], "state", "ledger.json"), encoding="utf-8") as handle:
        data = json.load(handle)
    return {r["kind"]: r["state"] for r in data["requests"] if r["address"] == address}


def remove_mailbox(state, login):
    server = stack.dovecot_of(state["directory"])
    users = server.users()
    users.pop(login)
    shutil.rmtree(server.home(login), ignore_errors=True)
    with open(server.users_file, "w", encoding="utf-8") as handle:
        handle.writelines("%s:{PLAIN}%s::::::\n" % item for item in sorted(users.items()))


def test_lifecycle(lab_state):
    # the playbooks themselves, once: each role asks for its kind
    assert run("redlist.yml", lab_state) > 0
    assert run("deletion.yml", lab_state) > 0
    assert "pending" in states_of(lab_state, INACTIVE).values()
    assert "pending" in states_of(lab_state, ORG_INACTIVE).values()
    assert "pending" in states_of(lab_state, UNPUBLISHED).values()
    requests_dir = os.path.join(lab_state["directory"], "reports", "requests")
    csv_files = [os.path.join(d, f) for d, _dirs, files in os.walk(requests_dir) for f in files
                 if f == "demande.csv"]
    assert csv_files and open(csv_files[0], "rb").read().startswith(b"\xef\xbb\xbf")

    # nothing new: a rerun requests nothing twice (both roles in one run from here on)
    assert run(BOTH, lab_state) == 0

    # the Annuaire stops publishing the inactive BAL; its owner of the ORG BAL logs in again;
    # the unpublished BAL is deleted from the platform by the operator
    stop_publishing(lab_state, INACTIVE)
    user_logs_in(lab_state, ORG_INACTIVE)
    remove_mailbox(lab_state, UNPUBLISHED)
    run(BOTH, lab_state)
    assert "confirmed" in states_of(lab_state, INACTIVE).values()
    assert "withdrawn" in states_of(lab_state, ORG_INACTIVE).values()
    assert "confirmed" in states_of(lab_state, UNPUBLISHED).values()

    assert run(BOTH, lab_state) == 0
    assert run(BOTH, lab_state, "--check", "--diff") == 0
