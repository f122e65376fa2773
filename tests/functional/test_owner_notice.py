# SPDX-License-Identifier: GPL-3.0-or-later
"""owner_notice run by ansible-playbook against an in-process SMTP server (STARTTLS, auth):
one message per owner, a rerun sends nothing, a refused recipient is retried, check mode previews."""
import email
import json

from tests.functional.ansible_run import run_playbook
from tests.functional.test_operator_request import smtp_server  # noqa: F401  pylint: disable=unused-import

JEAN = "jean.martin@ch-exemple.mssante.fr"
CARDIO = "cardiologie@ch-exemple.mssante.fr"
HEAD = "chef.cardio@ch-exemple.fr"
ACCOUNTS = [{"dn": "uid=jmartin,ou=people,dc=ch", "mails": [JEAN], "name": "Jean Martin", "service": "Cardiologie",
             "status": "active", "bal_type": "PER"}]
BALS = [{"address": CARDIO, "type": "ORG", "service": "Cardiologie"}]


def finding(address, code, action, **extra):
    evidence = dict({"platform": {"present": True, "last_activity": "2026-08-01T10:00:00Z", "inactive_days": 122},
                     "directory": {"account": None}, "annuaire": {"published": True}}, **extra)
    return {"address": address, "code": code, "severity": "warning", "action": action, "detail": "constat",
            "evidence": evidence}


FINDINGS = [finding(JEAN, "inactive", "liste_rouge"), finding(JEAN, "no_preferred", "choose_preferred"),
            finding(CARDIO, "trash_overdue", "purge", trash_messages=12)]


def task(tmp_path, server, **overrides):
    args = {"findings": FINDINGS, "accounts": ACCOUNTS, "bals": BALS, "state_dir": str(tmp_path / "state"),
            "output_dir": str(tmp_path / "reports"), "delay_days": 15,
            "establishment": {"name": "CH Exemple", "contact": "dsi@ch-exemple.fr"},
            "contacts": {"services": {"Cardiologie": HEAD}},
            "smtp": {"host": "127.0.0.1", "port": server["port"], "username": "dsi", "password": server["password"],
                     "sender": "dsi-hygiene@ch-exemple.fr"},
            "ca_path": server["ca"]}
    args.update(overrides)
    return {"mssante.hygiene.owner_notice": args, "register": "notices"}


def refuse(server, addresses):
    """Make the server answer 550 to these recipients (for the next connections)."""
    async def handle_rcpt(_server, _session, envelope, address, _options):
        if address in addresses:
            return "550 5.1.1 boîte inconnue"
        envelope.rcpt_tos.append(address)
        return "250 OK"
    server["recorder"].handle_RCPT = handle_rcpt


def test_one_message_per_owner_then_a_rerun_sends_nothing(tmp_path, smtp_server):
    code, output = run_playbook(tmp_path, [task(tmp_path, smtp_server)], extra_args=["-vvvv"], json_output=False)
    assert code == 0, output[-3000:]
    assert smtp_server["password"] not in output
    received = {tuple(rcpt): email.message_from_bytes(content) for rcpt, content in smtp_server["recorder"].messages}
    assert sorted(received) == [(HEAD,), (JEAN,)]
    assert received[(JEAN,)]["From"] == "dsi-hygiene@ch-exemple.fr"
    assert (tmp_path / "state/notices.json").exists()
    code, results = run_playbook(tmp_path, [task(tmp_path, smtp_server)])
    assert code == 0 and results[0]["changed"] is False and results[0]["sent"] == []
    assert results[0]["already_told"] == 3 and len(smtp_server["recorder"].messages) == 2


def test_a_refused_recipient_is_listed_then_sent_by_the_next_run(tmp_path, smtp_server):
    refuse(smtp_server, {JEAN})
    code, results = run_playbook(tmp_path, [task(tmp_path, smtp_server)])
    first = results[0]
    assert code == 0 and first["changed"] is True and first["sent"] == [HEAD]
    assert [(f["recipient"], f["addresses"]) for f in first["failures"]] == [(JEAN, [JEAN])]
    assert "550" in first["failures"][0]["error"] and smtp_server["password"] not in json.dumps(results)
    refuse(smtp_server, set())
    code, results = run_playbook(tmp_path, [task(tmp_path, smtp_server)])
    assert code == 0 and results[0]["sent"] == [JEAN] and results[0]["failures"] == []
    assert sorted(tuple(r) for r, _c in smtp_server["recorder"].messages) == [(HEAD,), (JEAN,)]


def test_check_mode_writes_previews_and_sends_nothing(tmp_path, smtp_server):
    code, results = run_playbook(tmp_path, [task(tmp_path, smtp_server)], extra_args=["--check", "--diff"])
    result = results[0]
    assert code == 0 and result["changed"] is True and smtp_server["recorder"].messages == []
    assert not (tmp_path / "state").exists()
    previews = sorted((tmp_path / "reports/notices/apercu").iterdir())
    assert [p.name for p in previews] == ["001-%s.eml" % HEAD, "002-%s.eml" % JEAN]
    assert email.message_from_bytes(previews[1].read_bytes())["To"] == JEAN
    assert JEAN in result["diff"]["after"] and (tmp_path / "reports/notices/preavis.csv").exists()


def test_smtp_missing_outside_check_mode_names_the_inventory_variable(tmp_path, smtp_server):
    item = task(tmp_path, smtp_server)
    del item["mssante.hygiene.owner_notice"]["smtp"]
    code, results = run_playbook(tmp_path, [item])
    assert code != 0 and "mssante_smtp" in results[0]["msg"] and "smtp" in results[0]["msg"]
