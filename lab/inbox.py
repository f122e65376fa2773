# SPDX-License-Identifier: GPL-3.0-or-later
"""Read a lab user's INBOX over IMAPS (what the notices delivered through the relay look like).

It logs in as the lab's admin for the user (SASL PLAIN with authzid = the user: Dovecot's master
user, Cyrus's proxy authorisation): on Dovecot that login is recorded under the admin's own
last-login key, so reading an owner's mail never makes the owner look active. EXAMINE keeps
every flag as it was.
"""

import email
import email.policy
import imaplib
import ssl


def parse(raw):
    """The fields a test or the demo checks, from one RFC 5322 message (bytes)."""
    message = email.message_from_bytes(raw, policy=email.policy.default)
    text = message.get_body(preferencelist=("plain",))
    return {
        "subject": str(message.get("Subject", "")),
        "from": str(message.get("From", "")),
        "to": str(message.get("To", "")),
        "date": str(message.get("Date", "")),
        "message_id": str(message.get("Message-ID", "")),
        "text": text.get_content().replace("\r\n", "\n") if text is not None else "",
        "has_html": message.get_body(preferencelist=("html",)) is not None,
    }


def inbox_messages(imap, login):
    """INBOX messages of `login`, oldest first; `imap` is lab-vars.json's `imap` section."""
    context = ssl.create_default_context(cafile=imap["ca_cert"])
    with imaplib.IMAP4_SSL(imap["host"], imap["imaps_port"], ssl_context=context) as conn:
        token = ("%s\0%s\0%s" % (login, imap["admin_user"], imap["admin_password"])).encode("utf-8")
        conn.authenticate("PLAIN", lambda _challenge: token)
        conn.select("INBOX", readonly=True)
        _status, data = conn.uid("SEARCH", None, "ALL")
        uids = data[0].split()
        messages = []
        for uid in uids:
            _status, fetched = conn.uid("FETCH", uid, "(BODY.PEEK[])")
            messages.append(parse(fetched[0][1]))
        return messages
