# SPDX-License-Identifier: GPL-3.0-or-later
"""A working day of mail between two nightly audits: new messages in a share of the INBOXes
(some carrying an IHE_XDM.ZIP), delivered through the lab's Dovecot LMTP as the relay would.
The next audit then meets changed folders, as on a live platform, not a frozen copy."""

import random
import smtplib
import time
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText

SENDER = "intermediation@ch-partenaire.mssante.fr"
# recipients per LMTP transaction, as a relay splits them (Postfix: 50 by default); at 50,000 BALs one
# transaction of 17,500 recipients made Dovecot's LMTP drop the connection
RECIPIENTS_PER_TRANSACTION = 500


def _message(kind, number):
    if kind == "document":
        message = MIMEMultipart()
        message.attach(MIMEText("Compte rendu en pièce jointe.", "plain", "utf-8"))
        package = MIMEApplication(b"PK\x05\x06" + bytes(18), "zip")
        package.add_header("Content-Disposition", "attachment", filename="IHE_XDM.ZIP")
        message.attach(package)
    else:
        message = MIMEText("Message de la journée.", "plain", "utf-8")
    message["From"] = SENDER
    message["Subject"] = "Journée %s %d" % (kind, number)
    message["Message-ID"] = "<jour.%s.%d.%d@ch-partenaire.mssante.fr>" % (kind, number, int(time.time()))
    return message.as_bytes()


def deliver_day(imap_state, addresses, share=0.3, document_share=0.05, seed=20261202):
    """Deliver one plain message to `share` of `addresses` and one document to `document_share`
    (LMTP transactions of RECIPIENTS_PER_TRANSACTION recipients); returns (recipients reached, seconds)."""
    rng = random.Random(seed)
    start = time.perf_counter()
    reached = 0
    for kind, fraction in (("ordinaire", share), ("document", document_share)):
        chosen = sorted(rng.sample(addresses, int(len(addresses) * fraction)))
        if not chosen:
            continue
        data = _message(kind, len(chosen))
        for first in range(0, len(chosen), RECIPIENTS_PER_TRANSACTION):
            reached += _transaction(imap_state, chosen[first:first + RECIPIENTS_PER_TRANSACTION], data)
    return reached, time.perf_counter() - start


def _transaction(imap_state, recipients, data):
    """Mailboxes that saved `data`: LMTP answers DATA once per accepted recipient (RFC 2033),
    which smtplib's sendmail does not read."""
    with smtplib.LMTP(imap_state["host"], imap_state["lmtp_port"]) as lmtp:
        lmtp.ehlo()
        lmtp.mail(SENDER)
        # a published address without a mailbox is refused at RCPT
        accepted = [r for r in recipients if lmtp.rcpt(r)[0] == 250]
        if not accepted:
            return 0
        saved = [lmtp.data(data)[0]] + [lmtp.getreply()[0] for _rest in accepted[1:]]
    return sum(1 for code in saved if code == 250)
