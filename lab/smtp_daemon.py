# SPDX-License-Identifier: GPL-3.0-or-later
"""The lab's SMTP server (submission) as a background process, started by lab.stack.

STARTTLS with the lab CA's server certificate, then AUTH PLAIN or LOGIN with the lab's sender
account (both required before MAIL); what it does with each recipient is lab/smtp_relay.py.
Its files sit beside lab-vars.json: smtp-config.json (0600, holds the password), smtp.json
(pid, port), smtp.log (one line per recipient), smtp-outbox/ and the faults file.

    python -m lab.smtp_daemon <lab dir>    (started by lab.stack, not by hand)
"""

import hmac
import json
import logging
import os
import signal
import ssl
import sys
import threading

from lab import daemon
from lab.ports import free_port

CONFIG = "smtp-config.json"
STATE = "smtp.json"
LOG = "smtp.log"
OUTBOX = "smtp-outbox"
FAULTS = "smtp-faults.json"
SENDER_LOCAL_PART = "dsi-hygiene"


def _checker(username, password):
    """aiosmtpd authenticator accepting only the lab account (constant-time comparison)."""
    from aiosmtpd.smtp import AuthResult  # pylint: disable=import-outside-toplevel

    expected = (username.encode("utf-8"), password.encode("utf-8"))

    def authenticate(_server, _session, _envelope, _mechanism, auth_data):
        login = getattr(auth_data, "login", None) or b""
        secret = getattr(auth_data, "password", None) or b""
        ok = hmac.compare_digest(login, expected[0]) & hmac.compare_digest(secret, expected[1])
        return AuthResult(success=bool(ok), handled=False)

    return authenticate


def serve(directory):
    from aiosmtpd.controller import Controller  # pylint: disable=import-outside-toplevel

    from lab.smtp_relay import Relay  # pylint: disable=import-outside-toplevel

    with open(os.path.join(directory, CONFIG), encoding="utf-8") as handle:
        config = json.load(handle)
    # aiosmtpd 1.4 warns on every AUTH about its own deprecated Session.login_data
    logging.getLogger("mail.log").setLevel(logging.ERROR)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(config["cert"], config["key"])
    controller = Controller(
        Relay(config), hostname=config["host"], port=config["port"], server_hostname="localhost",
        ident="mssante.hygiene lab relay", tls_context=context, require_starttls=True,
        auth_required=True, auth_require_tls=True,
        authenticator=_checker(config["username"], config["password"]))
    controller.start()
    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *args: stopping.set())
    daemon.write_state(os.path.join(directory, STATE), {"pid": os.getpid(), "port": config["port"]})
    stopping.wait()
    controller.stop()


def start(directory, certs, lmtp_port, domain):
    """Launch the relay for `domain` (delivered to Dovecot's LMTP port) and return lab-vars' `smtp`."""
    sender = "%s@%s" % (SENDER_LOCAL_PART, domain)
    config = {
        "host": "127.0.0.1", "port": free_port(), "username": sender,
        "password": "lab-smtp-" + os.urandom(8).hex(), "cert": certs.cert, "key": certs.key,
        "local_domains": [domain], "lmtp": {"host": "127.0.0.1", "port": lmtp_port},
        "outbox": os.path.join(directory, OUTBOX), "faults": os.path.join(directory, FAULTS),
        "log": os.path.join(directory, LOG),
    }
    path = os.path.join(directory, CONFIG)
    with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w", encoding="utf-8") as handle:
        json.dump(config, handle, indent=2)
    daemon.launch("lab.smtp_daemon", directory, os.path.join(directory, STATE), config["log"],
                  "the lab SMTP relay")
    return {"host": config["host"], "port": config["port"], "security": "starttls",
            "username": sender, "password": config["password"], "sender": sender,
            "outbox": config["outbox"], "faults_file": config["faults"]}


def stop(directory):
    daemon.stop(os.path.join(directory, STATE))


if __name__ == "__main__":
    serve(sys.argv[1])
