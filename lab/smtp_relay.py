# SPDX-License-Identifier: GPL-3.0-or-later
"""What the lab's SMTP server does with each recipient (aiosmtpd handler).

A recipient of the lab domain is relayed to the lab Dovecot by LMTP, so it lands in the
owner's real INBOX. It is checked against Dovecot at RCPT time (a probe that stops before DATA):
an unknown user or a full mailbox gets Dovecot's own refusal there, per recipient, as a real
relay would answer. Any other domain is accepted and written as an .eml into the outbox (the
operator contacts of the demo end in `.invalid`; a real relay would take them too).

Fault injection: the faults file, re-read at every RCPT, maps a reply code to addresses, e.g.
`{"450": ["a@ch-exemple.mssante.fr"], "550": ["b@ailleurs.example"]}`.
"""

import asyncio
import itertools
import json
import os
import smtplib
import time
from email.utils import formatdate

FAULT_REPLIES = {
    "450": "450 4.2.1 <%s>: mailbox temporarily unavailable (lab fault injection)",
    "550": "550 5.2.1 <%s>: mailbox unavailable (lab fault injection)",
}
UNAVAILABLE = "451 4.4.0 <%s>: local delivery unavailable (%s)"


def domain_of(address):
    return address.rpartition("@")[2].lower()


def injected_fault(address, faults):
    """The reply the faults file asks for `address`, or None."""
    wanted = address.lower()
    for code, template in FAULT_REPLIES.items():
        if wanted in {str(item).lower() for item in faults.get(code) or ()}:
            return template % address
    return None


def load_faults(path):
    """The faults file's content; absent or unreadable (being rewritten) means no fault."""
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def outbox_name(sequence, address, now=None):
    """File name of one external recipient's copy: sortable, and says who it was for."""
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime(now))
    safe = "".join(c if c.isalnum() or c in "@.-_+" else "_" for c in address)
    return "%s-%06d-%s.eml" % (stamp, sequence, safe)


def reply_text(code, message):
    text = message.decode("utf-8", "replace") if isinstance(message, bytes) else str(message)
    return "%d %s" % (code, " ".join(text.split()))


class Relay:
    """aiosmtpd handler: per-recipient decisions at RCPT, delivery at DATA."""

    def __init__(self, config):
        self.local_domains = {d.lower() for d in config["local_domains"]}
        self.lmtp = (config["lmtp"]["host"], int(config["lmtp"]["port"]))
        self.outbox = config["outbox"]
        self.faults_path = config["faults"]
        self.log_path = config["log"]
        self.hostname = config.get("hostname", "localhost")
        self._sequence = itertools.count(1)  # DATA runs on executor threads
        os.makedirs(self.outbox, mode=0o700, exist_ok=True)  # copies of mail: personal data

    def is_local(self, address):
        return domain_of(address) in self.local_domains

    # --- RCPT --------------------------------------------------------------
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802  pylint: disable=unused-argument
        refusal = injected_fault(address, load_faults(self.faults_path))
        if refusal is None and self.is_local(address):
            loop = asyncio.get_running_loop()
            refusal = await loop.run_in_executor(None, self.probe, envelope.mail_from or "", address)
        if refusal:
            self.log(address, refusal)
            return refusal
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        return "250 2.1.5 OK"

    def probe(self, sender, address):
        """Dovecot's refusal of `address` (a reply line), or None when it would take it."""
        try:
            with smtplib.LMTP(*self.lmtp, timeout=10) as client:
                client.ehlo()
                client.mail(sender)
                code, message = client.rcpt(address)
                client.rset()
        except (OSError, smtplib.SMTPException) as exc:
            return UNAVAILABLE % (address, exc.__class__.__name__)
        return None if code < 400 else reply_text(code, message)

    # --- DATA --------------------------------------------------------------
    async def handle_DATA(self, server, session, envelope):  # noqa: N802  pylint: disable=unused-argument
        data = self.received_header(session) + envelope.original_content
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(None, self.deliver, envelope.mail_from or "",
                                          list(envelope.rcpt_tos), data)

    def received_header(self, session):
        peer = session.peer[0] if session.peer else "unknown"
        return ("Received: from %s ([%s])\r\n\tby %s (mssante.hygiene lab relay) with ESMTPSA;\r\n\t%s\r\n"
                % (session.host_name or "unknown", peer, self.hostname, formatdate())).encode("ascii", "replace")

    def deliver(self, sender, recipients, data):
        """Deliver to each recipient; the first failure is the answer when none succeeded.

        A lab recipient that fails only now (it passed the RCPT probe) is logged: the others
        already have the message, so refusing the whole transaction would duplicate it.
        """
        failures, delivered = [], 0
        for address in recipients:
            if self.is_local(address):
                result, done = self.lmtp_deliver(sender, address, data), "250 delivered by LMTP"
            else:
                result, done = self.write_outbox(address, data), "250 written to the outbox"
            self.log(address, result or done)
            if result:
                failures.append(result)
            else:
                delivered += 1
        if failures and not delivered:
            return failures[0]
        return "250 2.0.0 OK"

    def lmtp_deliver(self, sender, address, data):
        # one recipient per transaction: smtplib reads only one reply after an LMTP DATA
        try:
            with smtplib.LMTP(*self.lmtp, timeout=30) as client:
                client.sendmail(sender, [address], data)
        except smtplib.SMTPRecipientsRefused as exc:
            return reply_text(*exc.recipients[address])
        except smtplib.SMTPResponseException as exc:
            return reply_text(exc.smtp_code, exc.smtp_error)
        except (OSError, smtplib.SMTPException) as exc:
            return UNAVAILABLE % (address, exc.__class__.__name__)
        return None

    def write_outbox(self, address, data):
        path = os.path.join(self.outbox, outbox_name(next(self._sequence), address))
        with open(path, "wb") as handle:
            handle.write(b"X-Original-To: " + address.encode("utf-8") + b"\r\n" + data)
        return None

    def log(self, address, outcome):
        """One line per recipient decision: who and the reply, never the message itself."""
        with open(self.log_path, "a", encoding="utf-8") as handle:
            handle.write("%s %s %s\n" % (time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), address, outcome))
