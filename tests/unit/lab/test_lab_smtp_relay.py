# SPDX-License-Identifier: GPL-3.0-or-later
"""The lab SMTP relay's decisions without a server (issue 17): faults file, per-recipient
answers, outbox files, the AUTH check, and the INBOX reader's parsing.
The real STARTTLS/AUTH/LMTP path is tests/functional/test_lab_smtp.py."""
import asyncio
import json
from email.message import EmailMessage
from types import SimpleNamespace

import pytest

from lab import inbox, smtp_daemon, smtp_relay

LOCAL = "alice.fictif@ch-exemple.mssante.fr"
EXTERNAL = "support@operateur.invalid"


@pytest.fixture()
def relay(tmp_path):
    return smtp_relay.Relay({
        "local_domains": ["CH-Exemple.mssante.fr"], "lmtp": {"host": "127.0.0.1", "port": 1},
        "outbox": str(tmp_path / "outbox"), "faults": str(tmp_path / "faults.json"),
        "log": str(tmp_path / "smtp.log")})


def test_injected_fault_by_code_any_case():
    faults = {"450": [LOCAL.upper()], "550": [EXTERNAL]}
    assert smtp_relay.injected_fault(LOCAL, faults).startswith("450 4.")
    assert smtp_relay.injected_fault(EXTERNAL, faults).startswith("550 5.")
    assert smtp_relay.injected_fault("other@ch-exemple.mssante.fr", faults) is None


@pytest.mark.parametrize("content", [None, "", "{not json", "[1, 2]"])
def test_missing_or_broken_faults_file_means_no_fault(tmp_path, content):
    path = tmp_path / "faults.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    assert smtp_relay.load_faults(str(path)) == {}


def test_outbox_name_is_sortable_and_safe():
    name = smtp_relay.outbox_name(7, "a/../b c@x.invalid", now=0)
    assert name == "19700101T000000-000007-a_.._b_c@x.invalid.eml"


def test_reply_text_is_one_line():
    assert smtp_relay.reply_text(550, b"5.1.1 <x@y>\r\n User doesn't exist") == "550 5.1.1 <x@y> User doesn't exist"


def _rcpt(relay, address):
    envelope = SimpleNamespace(mail_from="dsi-hygiene@ch-exemple.mssante.fr", rcpt_tos=[], rcpt_options=[])
    answer = asyncio.run(relay.handle_RCPT(None, None, envelope, address, []))
    return answer, envelope.rcpt_tos


def test_rcpt_local_asks_dovecot_external_is_accepted(relay, monkeypatch):
    probed = []
    monkeypatch.setattr(relay, "probe", lambda sender, address: probed.append(address) or None)
    assert _rcpt(relay, LOCAL) == ("250 2.1.5 OK", [LOCAL])
    assert _rcpt(relay, EXTERNAL) == ("250 2.1.5 OK", [EXTERNAL])
    assert probed == [LOCAL]
    monkeypatch.setattr(relay, "probe", lambda sender, address: "550 5.1.1 unknown")
    assert _rcpt(relay, LOCAL) == ("550 5.1.1 unknown", [])


def test_rcpt_fault_file_is_read_each_time(relay, monkeypatch, tmp_path):
    monkeypatch.setattr(relay, "probe", lambda sender, address: None)
    (tmp_path / "faults.json").write_text(json.dumps({"450": [LOCAL]}), encoding="utf-8")
    answer, accepted = _rcpt(relay, LOCAL)
    assert answer.startswith("450 ") and accepted == []
    (tmp_path / "faults.json").write_text("{}", encoding="utf-8")
    assert _rcpt(relay, LOCAL) == ("250 2.1.5 OK", [LOCAL])


def test_unreachable_dovecot_is_a_temporary_refusal(relay):
    assert relay.probe("", LOCAL).startswith("451 4.4.0 <%s>" % LOCAL)


def test_deliver_writes_external_copies_and_reports_total_failure(relay, monkeypatch, tmp_path):
    monkeypatch.setattr(relay, "lmtp_deliver", lambda sender, address, data: "452 4.2.2 quota")
    assert relay.deliver("s@x", [LOCAL], b"Subject: x\r\n\r\nbody\r\n") == "452 4.2.2 quota"
    # one recipient got it: the transaction succeeds, the other's failure is logged
    assert relay.deliver("s@x", [LOCAL, EXTERNAL], b"Subject: x\r\n\r\nbody\r\n") == "250 2.0.0 OK"
    [copy] = list((tmp_path / "outbox").iterdir())
    assert copy.read_bytes().startswith(b"X-Original-To: " + EXTERNAL.encode() + b"\r\nSubject: x")
    log = (tmp_path / "smtp.log").read_text(encoding="utf-8")
    assert "%s 452 4.2.2 quota" % LOCAL in log and "%s 250 written to the outbox" % EXTERNAL in log
    assert "body" not in log


def test_authenticator_accepts_only_the_lab_account():
    check = smtp_daemon._checker("dsi@x", "s3cret")  # pylint: disable=protected-access

    def login(user, password):
        data = SimpleNamespace(login=user.encode(), password=password.encode())
        return check(None, None, None, "PLAIN", data).success

    assert login("dsi@x", "s3cret") is True
    assert login("dsi@x", "wrong") is False and login("other", "s3cret") is False


def test_inbox_parse_text_and_html():
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "dsi@x", LOCAL, "Vos BAL : à faire"
    message.set_content("Bonjour,\nreconnectez-vous.\n")
    message.add_alternative("<p>Bonjour</p>", subtype="html")
    parsed = inbox.parse(message.as_bytes().replace(b"\n", b"\r\n"))
    assert parsed["subject"] == "Vos BAL : à faire" and parsed["to"] == LOCAL
    assert parsed["text"] == "Bonjour,\nreconnectez-vous.\n" and parsed["has_html"] is True
    plain = EmailMessage()
    plain.set_content("texte")
    assert inbox.parse(plain.as_bytes())["has_html"] is False


def test_lab_up_prints_the_relay_but_never_its_password(monkeypatch, capsys):
    from lab import __main__ as cli, stack  # pylint: disable=import-outside-toplevel

    smtp = {"host": "127.0.0.1", "port": 2525, "username": "dsi-hygiene@x", "password": "lab-smtp-0123abcd"}
    monkeypatch.setattr(stack, "up", lambda *args, **kwargs: {"directory": "/lab", "smtp": smtp})
    assert cli.main(["up", "--only", "mail"]) == 0
    out = capsys.readouterr().out
    assert "127.0.0.1:2525" in out and "dsi-hygiene@x" in out and smtp["password"] not in out
