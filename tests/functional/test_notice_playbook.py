# SPDX-License-Identifier: GPL-3.0-or-later
"""playbooks/notice.yml on the demo inventory and a lab whose SMTP relay delivers into the owners'
real Dovecot INBOX (issue 17): --check writes one preview per owner and sends nothing; the real
run delivers (a recipient the relay answers 450 is listed, then told on the next run); a rerun
sends nothing; site.yml with a notice delay asks no liste rouge before the delay, and the audit
report says who was told what and when; once the delay has passed, the liste rouge is asked."""
import datetime as dt
import json
import os

from ansible_collections.mssante.hygiene.plugins.module_utils.notice import ledger as notices
from lab.inbox import inbox_messages
from tests.functional.demo_playbook import lab_fixture, run_demo_playbook

LAB = "pytest-notice"
DOMAIN = "ch-exemple.mssante.fr"
INACTIVE = "alice.fictif@" + DOMAIN  # inactive 120 days, still published: liste rouge announced
ORG_INACTIVE = "accueil.urgences@" + DOMAIN  # ORG: told to the Urgences contact of the demo inventory
URGENCES_CONTACT = "rose.fictif@" + DOMAIN
DEFERRED = "claire.capitales@" + DOMAIN  # inactive: the relay answers 450 on the first run
OPTED_OUT = "hugo.fictif@" + DOMAIN  # no_preferred, but asked never to be written to
DELAY = ("-e", "mssante_notice_delay_days=30")
OPTOUT = ("-e", '{"mssante_notice_optout": ["%s"]}' % OPTED_OUT)
lab_state = lab_fixture(LAB, staff=40)


def _lab(state):
    with open(os.path.join(state["directory"], "lab-vars.json"), encoding="utf-8") as handle:
        return json.load(handle)


def _path(state, *parts):
    return os.path.join(state["directory"], *parts)


def _notices_in(lab, login):
    return [m for m in inbox_messages(lab["imap"], login) if m["from"].startswith(lab["smtp"]["sender"])]


def _liste_rouge_state(state, address):
    if not os.path.exists(_path(state, "state", "ledger.json")):  # nothing requested yet
        return None
    with open(_path(state, "state", "ledger.json"), encoding="utf-8") as handle:
        requests = json.load(handle)["requests"]
    return {r["kind"]: r["state"] for r in requests if r["address"] == address}.get("liste_rouge")


def test_notices_previewed_delivered_once_and_awaited(lab_state):
    lab = _lab(lab_state)
    directory = lab_state["directory"]

    out, _changed = run_demo_playbook(directory, "notice.yml", "--check", "--diff", *OPTOUT)
    previews = os.listdir(_path(lab_state, "reports", "notices", "apercu"))
    told = {name.split("-", 1)[1][:-len(".eml")] for name in previews}
    assert {INACTIVE, URGENCES_CONTACT, DEFERRED} <= told and OPTED_OUT not in told, previews
    assert len(previews) == len(told)  # one message per owner
    assert "BAL inactive publiée : se reconnecter" in out  # the diff, in French
    assert not os.path.exists(_path(lab_state, "state", "notices.json"))
    assert _notices_in(lab, INACTIVE) == []
    with open(_path(lab_state, "reports", "notices", "preavis.csv"), encoding="utf-8-sig") as handle:
        assert "non prévenu : opposition" in handle.read()

    with open(lab["smtp"]["faults_file"], "w", encoding="utf-8") as handle:
        json.dump({"450": [DEFERRED]}, handle)
    out, _changed = run_demo_playbook(directory, "notice.yml", *OPTOUT)
    assert "Échec d'envoi à %s" % DEFERRED in out, out[-3000:]
    [mail] = _notices_in(lab, INACTIVE)
    assert INACTIVE in mail["subject"] and "liste rouge" in mail["text"] and mail["has_html"]
    assert any(ORG_INACTIVE in m["text"] for m in _notices_in(lab, URGENCES_CONTACT))
    assert _notices_in(lab, DEFERRED) == [] and _notices_in(lab, OPTED_OUT) == []

    os.unlink(lab["smtp"]["faults_file"])
    out, _changed = run_demo_playbook(directory, "notice.yml", *OPTOUT)
    assert "Préavis : 1 message envoyé." in out, out[-3000:]
    assert len(_notices_in(lab, DEFERRED)) == 1 and len(_notices_in(lab, INACTIVE)) == 1

    # the whole cycle with a 30-day delay: nobody is told twice, no liste rouge is asked yet
    out, _changed = run_demo_playbook(directory, "site.yml", *DELAY, *OPTOUT)
    assert "Préavis : 0 message envoyé." in out
    # liste rouge (alice) and deletion (bruno, unpublished) both wait for the notice
    assert out.count("en attente du préavis aux titulaires") == 2, out[-3000:]
    assert _liste_rouge_state(lab_state, INACTIVE) is None
    assert len(_notices_in(lab, INACTIVE)) == 1
    with open(_path(lab_state, "reports", "audit.html"), encoding="utf-8") as handle:
        html = handle.read()
    assert "Préavis aux titulaires" in html and INACTIVE in html

    # 31 days later (the notices moved back): the liste rouge is asked
    data = notices.load(_path(lab_state, "state"))
    past = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=31)).replace(microsecond=0).isoformat()
    for entry in data["items"].values():
        entry["first_told"] = past if entry["first_told"] else ""
    notices.save(_path(lab_state, "state"), data)
    run_demo_playbook(directory, "redlist.yml", *DELAY, *OPTOUT)
    assert _liste_rouge_state(lab_state, INACTIVE) == "pending"
