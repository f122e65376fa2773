# SPDX-License-Identifier: GPL-3.0-or-later
"""operator_request run by ansible-playbook: lifecycle, idempotence, check mode, SMTP
(crashes and a corrupt ledger: tests/functional/faults/test_fault_ledger.py)."""
import json

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from lab.ports import free_port
from lab.tls import make_ca_and_server
from tests.functional.ansible_run import run_playbook
from tests.functional.faults.helpers import snapshot

ALICE = "alice.fictif@ch-exemple.mssante.fr"
BOB = "bob.parti@ch-exemple.mssante.fr"
OPERATOR = {"name": "Opérateur MSSanté du CH Exemple", "contact": "support@operateur.example"}
EST = {"name": "CH Exemple", "finess_ej": "990000002"}


def finding(address, code, action):
    return {"address": address, "code": code, "severity": "warning", "action": action,
            "detail": "constat %s" % code,
            "evidence": {"annuaire": {"published": True, "type": "PER", "carriers": ["PractitionerRole"],
                                      "structures": ["990000010"], "rpps": "10999990012"},
                         "directory": {"rpps": "10999990012"}, "platform": {"present": True}}}


def task(state_dir, kind, bals, **observations):
    """One operator_request task; the Annuaire read counts as proven complete unless told otherwise."""
    observations = dict({"annuaire_complete": True}, **observations)
    args = {"kind": kind, "bals": bals, "observations": observations, "operator": OPERATOR,
            "establishment": EST, "state_dir": str(state_dir)}
    return {"mssante.hygiene.operator_request": args, "register": "request"}


def run_one(tmp_path, state_dir, kind, bals, extra_args=(), **observations):
    code, results = run_playbook(tmp_path, [task(state_dir, kind, bals, **observations)], extra_args)
    assert code == 0, results
    return results[0]


def test_inactive_bal_is_requested_then_confirmed_when_unpublished(tmp_path):
    state = tmp_path / "state"
    bals = [finding(ALICE, "inactive", "liste_rouge")]
    first = run_one(tmp_path, state, "liste_rouge", bals, published=[ALICE], mailboxes=[ALICE])
    assert first["changed"] is True and first["added"] == [ALICE] and first["pending"] == [ALICE]
    csv_path = state / "requests/operateur-mssante-du-ch-exemple/liste_rouge/demande.csv"
    assert ALICE in csv_path.read_bytes().decode("utf-8-sig")
    files = snapshot(state)

    rerun = run_one(tmp_path, state, "liste_rouge", bals, published=[ALICE], mailboxes=[ALICE])
    assert rerun["changed"] is False and rerun["added"] == []
    assert snapshot(state) == files  # identical bytes

    # the Annuaire stops publishing it: the next run confirms it and closes the request
    confirmed = run_one(tmp_path, state, "liste_rouge", [], published=[], mailboxes=[ALICE])
    assert confirmed["changed"] is True and confirmed["confirmed"] == [ALICE] and confirmed["pending"] == []
    assert not csv_path.exists()
    ledger = json.loads((state / "ledger.json").read_text(encoding="utf-8"))
    assert [h["state"] for h in ledger["requests"][0]["history"]] == ["pending", "confirmed"]
    assert run_one(tmp_path, state, "liste_rouge", [], published=[], mailboxes=[ALICE])["changed"] is False


def test_departed_owner_deletion_confirmed_when_gone_everywhere(tmp_path):
    state = tmp_path / "state"
    bals = [finding(BOB, "departed_owner", "suppression"), finding(ALICE, "inactive", "liste_rouge")]
    first = run_one(tmp_path, state, "suppression", bals, published=[BOB], mailboxes=[BOB])
    assert first["added"] == [BOB] and [s["address"] for s in first["not_requested"]] == [ALICE]
    patch = json.loads((state / "requests/operateur-mssante-du-ch-exemple/suppression/patch"
                        / (BOB + ".json")).read_text(encoding="utf-8"))
    assert patch["entry"][0]["resource"]["parameter"][0]["part"][0] == {"name": "type", "valueCode": "delete"}
    half = run_one(tmp_path, state, "suppression", [], published=[], mailboxes=[BOB])
    assert half["changed"] is False and half["pending"] == [BOB]
    gone = run_one(tmp_path, state, "suppression", [], published=[], mailboxes=[])
    assert gone["confirmed"] == [BOB] and gone["changed"] is True


def test_reactivated_bal_is_withdrawn_and_the_operator_told(tmp_path):
    state = tmp_path / "state"
    run_one(tmp_path, state, "liste_rouge", [finding(ALICE, "inactive", "liste_rouge")], published=[ALICE])
    back = run_one(tmp_path, state, "liste_rouge", [], published=[ALICE], active=[ALICE])
    assert back["withdrawn"] == [ALICE] and back["pending"] == [] and back["changed"] is True
    text = (state / "requests/operateur-mssante-du-ch-exemple/liste_rouge/courriel.txt").read_text(encoding="utf-8")
    assert "Merci d'annuler la demande" in text and ALICE in text
    assert run_one(tmp_path, state, "liste_rouge", [], published=[ALICE], active=[ALICE])["changed"] is False


def test_check_mode_writes_nothing_and_diff_shows_the_plan(tmp_path):
    state = tmp_path / "state"
    result = run_one(tmp_path, state, "liste_rouge", [finding(ALICE, "inactive", "liste_rouge")],
                     extra_args=["--check", "--diff"], published=[ALICE])
    assert result["changed"] is True and result["added"] == [ALICE]
    assert not state.exists()
    assert ALICE in result["diff"]["after"] and result["diff"]["before"] == ""
    # with a ledger: check mode shows the closing and leaves every byte in place
    run_one(tmp_path, state, "liste_rouge", [finding(ALICE, "inactive", "liste_rouge")], published=[ALICE])
    before = snapshot(state)
    closing = run_one(tmp_path, state, "liste_rouge", [], extra_args=["--check", "--diff"], published=[])
    assert closing["confirmed"] == [ALICE] and ALICE in closing["diff"]["before"] and closing["diff"]["after"] == ""
    assert snapshot(state) == before


class Recorder:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802  (aiosmtpd hook name)
        self.messages.append((envelope.rcpt_tos, envelope.content))
        return "250 OK"


@pytest.fixture()
def smtp_server(tmp_path):
    import ssl
    certs = make_ca_and_server(str(tmp_path / "certs"))
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(certs.cert, certs.key)
    password = "s3cret-Smtp-Pw!"

    def authenticator(_server, _session, _envelope, mechanism, auth_data):
        ok = getattr(auth_data, "login", b"") == b"dsi" and getattr(auth_data, "password", b"") == password.encode()
        return AuthResult(success=ok)

    recorder = Recorder()
    port = free_port()
    controller = Controller(recorder, hostname="127.0.0.1", port=port, tls_context=context,
                            require_starttls=True, auth_required=True, authenticator=authenticator,
                            server_hostname="localhost")
    controller.start()
    yield {"port": port, "ca": certs.ca_cert, "password": password, "recorder": recorder}
    controller.stop()


def test_cover_message_sent_once_over_starttls_with_auth(tmp_path, smtp_server):
    state = tmp_path / "state"
    item = task(state, "liste_rouge", [finding(ALICE, "inactive", "liste_rouge")], published=[ALICE])
    item["mssante.hygiene.operator_request"].update(
        smtp={"host": "127.0.0.1", "port": smtp_server["port"], "security": "starttls", "username": "dsi",
              "password": smtp_server["password"], "sender": "dsi@ch-exemple.example"},
        ca_path=smtp_server["ca"])
    code, output = run_playbook(tmp_path, [item], extra_args=["-vvvv"], json_output=False)
    assert code == 0, output[-3000:]
    assert smtp_server["password"] not in output
    assert len(smtp_server["recorder"].messages) == 1
    recipients, content = smtp_server["recorder"].messages[0]
    assert recipients == ["support@operateur.example"]
    text = content.decode("utf-8", "replace")
    assert "demande.csv" in text and "text/csv" in text
    code, results = run_playbook(tmp_path, [item])  # nothing new: no second mail
    assert code == 0 and results[0]["changed"] is False and results[0]["sent"] == []
    assert len(smtp_server["recorder"].messages) == 1


def test_untrusted_smtp_certificate_is_a_clear_error(tmp_path, smtp_server):
    state = tmp_path / "state"
    item = task(state, "liste_rouge", [finding(ALICE, "inactive", "liste_rouge")], published=[ALICE])
    item["mssante.hygiene.operator_request"]["smtp"] = {
        "host": "127.0.0.1", "port": smtp_server["port"], "username": "dsi",
        "password": smtp_server["password"], "sender": "dsi@ch-exemple.example"}
    code, results = run_playbook(tmp_path, [item])
    assert code != 0
    assert "certificat non reconnu" in results[0]["msg"] and "ca_path" in results[0]["msg"]
    assert smtp_server["password"] not in json.dumps(results)
    # the ledger and files were written: the next run (with the CA) sends, nothing is lost
    assert (state / "ledger.json").exists()
