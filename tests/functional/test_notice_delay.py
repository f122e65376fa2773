# SPDX-License-Identifier: GPL-3.0-or-later
"""Playbooks redlist.yml and deletion.yml with mssante_notice_delay_days on a seeded lab (issue 17):
a BAL whose owner was told too recently, or never, is held and not requested; once the notice is
old enough (first_told moved back) the next run requests it."""
import datetime as dt
import json
import os

from ansible_collections.mssante.hygiene.plugins.module_utils.notice import ledger as notices
from tests.functional.demo_playbook import lab_fixture, run_demo_playbook

LAB = "pytest-notice-delay"
INACTIVE = "alice.fictif@ch-exemple.mssante.fr"  # inactive 120 days, still published: liste rouge
ORG_INACTIVE = "accueil.urgences@ch-exemple.mssante.fr"  # ORG, inactive 90 days: liste rouge
UNPUBLISHED = "bruno.fictif@ch-exemple.mssante.fr"  # inactive 240 days, unpublished: suppression
DELAY = ("-e", "mssante_notice_delay_days=30")
lab_state = lab_fixture(LAB, staff=20)


def state_dir(state):
    return os.path.join(state["directory"], "state")


def write_notices(state, told_days_ago):
    """notices.json as owner_notice would leave it: INACTIVE's owner told of the liste rouge and
    UNPUBLISHED's of the deletion `told_days_ago` days ago; nobody told about ORG_INACTIVE."""
    told = dt.datetime.now(dt.timezone.utc).replace(microsecond=0) - dt.timedelta(days=told_days_ago)
    data = notices.empty()
    notices.record_told(data, INACTIVE, "inactive", told, announces="liste_rouge", recipients=[INACTIVE])
    notices.record_told(data, UNPUBLISHED, "unpublished_inactive", told, announces="suppression",
                        recipients=[UNPUBLISHED])
    os.makedirs(state_dir(state), mode=0o700, exist_ok=True)
    notices.save(state_dir(state), data)
    return (told.date() + dt.timedelta(days=30)).strftime("%d/%m/%Y")


def states_of(state, address):
    path = os.path.join(state_dir(state), "ledger.json")
    if not os.path.exists(path):
        return {}
    with open(path, encoding="utf-8") as handle:
        return {r["kind"]: r["state"] for r in json.load(handle)["requests"] if r["address"] == address}


def test_requests_wait_for_the_owners_notice(lab_state):
    until = write_notices(lab_state, told_days_ago=10)
    notices_before = open(os.path.join(state_dir(lab_state), "notices.json"), "rb").read()

    out, _changed = run_demo_playbook(lab_state["directory"], "redlist.yml", *DELAY)
    assert "en attente du préavis aux titulaires (jusqu'au %s ; " % until in out, out[-3000:]
    assert "préavis non envoyé" in out  # ORG_INACTIVE: nobody was told
    out, _changed = run_demo_playbook(lab_state["directory"], "deletion.yml", *DELAY)
    assert "en attente du préavis aux titulaires (jusqu'au %s" % until in out, out[-3000:]
    for address in (INACTIVE, ORG_INACTIVE, UNPUBLISHED):
        assert "pending" not in states_of(lab_state, address).values(), address
    # the roles read the notice ledger, never write it
    assert open(os.path.join(state_dir(lab_state), "notices.json"), "rb").read() == notices_before

    # the delay is over for the owners who were told; still nobody told about ORG_INACTIVE
    write_notices(lab_state, told_days_ago=31)
    run_demo_playbook(lab_state["directory"], "redlist.yml", *DELAY)
    run_demo_playbook(lab_state["directory"], "deletion.yml", *DELAY)
    assert states_of(lab_state, INACTIVE) == {"liste_rouge": "pending"}
    assert states_of(lab_state, UNPUBLISHED) == {"suppression": "pending"}
    assert states_of(lab_state, ORG_INACTIVE) == {}

    # without a delay (the default), the ledger is not read: ORG_INACTIVE is requested at once
    out, _changed = run_demo_playbook(lab_state["directory"], "redlist.yml")
    assert states_of(lab_state, ORG_INACTIVE) == {"liste_rouge": "pending"}
    assert "en attente du préavis" not in out
