# SPDX-License-Identifier: GPL-3.0-or-later
"""The lab's SMTP relay (issue 17): what `python -m lab up` starts so the owner notices are
delivered for real, by LMTP into the lab Dovecot, and read back over IMAP."""
import json
import os
import smtplib
import ssl
from email.message import EmailMessage

import pytest

from lab import establishment, inbox, stack

DOMAIN = establishment.DOMAIN
EXTERNAL = "support-mssante@ch-exemple.invalid"


@pytest.fixture(scope="module")
def lab():
    state = stack.up("pytest-smtp", staff=12, components=("mail",))
    yield state
    stack.down("pytest-smtp")


@pytest.fixture(scope="module")
def owners(lab):
    """Two seeded owners of the lab domain."""
    est = establishment.build(staff=12)
    return ["%s@%s" % (person.uid, DOMAIN) for person in est.people[:2]]


def notice(lab, to, subject):
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = lab["smtp"]["sender"], ", ".join(to), subject
    message.set_content("Bonjour,\nreconnectez-vous à votre BAL avant le 15 janvier.\n")
    message.add_alternative("<p>Bonjour,</p><p>reconnectez-vous à votre BAL.</p>", subtype="html")
    return message


def client(lab, login=True):
    """An SMTP session as the notices use it: STARTTLS verified against the lab CA, then AUTH."""
    smtp = lab["smtp"]
    session = smtplib.SMTP(smtp["host"], smtp["port"], timeout=30)
    session.starttls(context=ssl.create_default_context(cafile=lab["tls"]["ca_cert"]))
    if login:
        session.login(smtp["username"], smtp["password"])
    return session


def subjects(lab, login):
    return [m["subject"] for m in inbox.inbox_messages(lab["imap"], login)]


def test_notice_lands_in_the_owner_inbox_without_making_them_active(lab, owners):
    dovecot = stack.dovecot_of(lab["directory"])
    seen_before = dovecot.last_login(owners[0])
    with client(lab) as session:
        assert session.send_message(notice(lab, owners[:1], "Vos BAL : à faire")) == {}
    [message] = [m for m in inbox.inbox_messages(lab["imap"], owners[0]) if m["subject"] == "Vos BAL : à faire"]
    assert message["from"] == lab["smtp"]["sender"] and message["to"] == owners[0]
    assert "avant le 15 janvier" in message["text"] and message["has_html"] is True
    # neither the delivery nor the admin's reading counts as the owner's activity
    assert dovecot.last_login(owners[0]) == seen_before


def test_tls_is_verified_and_auth_required(lab, owners):
    smtp = lab["smtp"]
    with smtplib.SMTP(smtp["host"], smtp["port"], timeout=30) as session:
        with pytest.raises(ssl.SSLCertVerificationError):
            session.starttls(context=ssl.create_default_context())
    with client(lab, login=False) as session:
        session.ehlo()
        assert session.mail(smtp["sender"])[0] == 530
        with pytest.raises(smtplib.SMTPAuthenticationError):
            session.login(smtp["username"], smtp["password"] + "x")


def test_unknown_local_user_is_refused_per_recipient(lab, owners):
    unknown = "personne.inconnue@" + DOMAIN
    with client(lab) as session:
        refused = session.send_message(notice(lab, [owners[1], unknown], "Refus partiel"))
    assert list(refused) == [unknown] and refused[unknown][0] == 550
    assert "Refus partiel" in subjects(lab, owners[1])


def test_external_recipient_is_written_to_the_outbox(lab):
    with client(lab) as session:
        assert session.send_message(notice(lab, [EXTERNAL], "Demande à l'opérateur")) == {}
    outbox = lab["smtp"]["outbox"]
    [name] = [n for n in os.listdir(outbox) if n.endswith(EXTERNAL + ".eml")]
    with open(os.path.join(outbox, name), "rb") as handle:
        assert handle.read().startswith(b"X-Original-To: " + EXTERNAL.encode())


def test_injected_temporary_failure_then_retry(lab, owners):
    faults = lab["smtp"]["faults_file"]
    with open(faults, "w", encoding="utf-8") as handle:
        json.dump({"450": [owners[0]]}, handle)
    with client(lab) as session:
        refused = session.send_message(notice(lab, owners, "Relance"))
    assert list(refused) == [owners[0]] and refused[owners[0]][0] == 450
    assert "Relance" not in subjects(lab, owners[0]) and "Relance" in subjects(lab, owners[1])
    os.unlink(faults)
    with client(lab) as session:
        assert session.send_message(notice(lab, owners[:1], "Relance")) == {}
    assert subjects(lab, owners[0]).count("Relance") == 1
