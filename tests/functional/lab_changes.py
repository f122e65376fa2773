# SPDX-License-Identifier: GPL-3.0-or-later
"""What happens to a lab between two runs, done the way the world does it: an owner logs in, the
Annuaire Santé stops publishing an address, a trash is emptied. Shared by the functional tests."""
import imaplib
import json
import os
import ssl

from lab import fhir_daemon, mail_seed, stack
from lab.dovecot import TRASH, TRASH_EN


def stop_publishing(state, address):
    """The Annuaire Santé no longer publishes `address` (the FHIR server reloads its file)."""
    path = os.path.join(state["directory"], fhir_daemon.RESOURCES)
    with open(path, encoding="utf-8") as handle:
        resources = json.load(handle)
    for resource in resources:
        resource["telecom"] = [t for t in resource.get("telecom", []) if t.get("value") != address]
    fhir_daemon.publish(state["directory"], resources)


def user_logs_in(state, login):
    """The owner opens the mailbox over IMAP: Dovecot records a fresh last login."""
    imap = state["imap"]
    context = ssl.create_default_context(cafile=state["tls"]["ca_cert"])
    with imaplib.IMAP4_SSL("localhost", imap["imaps_port"], ssl_context=context) as client:
        client.login(login, mail_seed.password_for(login))


def empty_trash(state, login):
    """The owner empties the trash (whichever name the BAL's client gave it), as a mail client would."""
    server = stack.dovecot_of(state["directory"])
    for folder in (TRASH, TRASH_EN):
        server.doveadm("expunge", "-u", login, "mailbox", folder, "all", check=False)
