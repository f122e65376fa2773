# SPDX-License-Identifier: GPL-3.0-or-later
"""A scripted stand-in for smtp.SmtpSession: records what it sends, fails on demand."""
from ansible_collections.mssante.hygiene.plugins.module_utils.smtp import (
    ConnectionLost, RecipientsRefused, SmtpError)


class FakeSession:
    """refuse: recipients the server refuses; drops: how many sends lose the connection (then reopen);
    dead_after: once this many messages were accepted, the server is gone for good."""

    def __init__(self, refuse=(), drops=0, dead_after=None):
        self.refuse, self.drops, self.dead_after = set(refuse), drops, dead_after
        self.sent, self.opens, self.closed = [], 0, 0
        self._open = False

    def send(self, email):
        if not self._open:
            if self.dead_after is not None and len(self.sent) >= self.dead_after:
                raise SmtpError("smtp : serveur SMTP smtp.test:587 injoignable : connexion refusée")
            self.opens += 1
            self._open = True
        if self.drops:
            self.drops -= 1
            self._open = False
            raise ConnectionLost("smtp : connexion au serveur SMTP smtp.test:587 coupée pendant l'étape envoi")
        if self.dead_after is not None and len(self.sent) >= self.dead_after:
            self._open = False
            raise ConnectionLost("smtp : connexion au serveur SMTP smtp.test:587 coupée pendant l'étape envoi")
        refused = sorted(set(a.strip() for a in email["To"].split(",")) & self.refuse)
        if refused:
            raise RecipientsRefused("smtp : smtp.test:587 a refusé les destinataires %s" % ", ".join(refused), refused)
        self.sent.append(email)

    def close(self):
        self.closed += 1
        self._open = False
