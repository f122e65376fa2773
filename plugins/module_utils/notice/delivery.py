# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Send the notices through one SMTP session, throttled, and write down who was told.

- At most `rate` messages per second (the establishment's relay may count them).
- A refused recipient or message fails that message only; it stays due and the next run retries it
  (ledger "failures" keeps the last error and the number of attempts).
- A dropped connection is reopened once and the message sent again; when that fails too, or the
  server cannot be used at all (TLS, login, sender refused), the message and every later one
  fail with that reason and the run stops (`fatal`).
- The ledger is saved every SAVE_EVERY messages or SAVE_SECONDS seconds, and by the caller at the
  end: a run killed between two saves sends again, next time, at most the messages of that
  window (SAVE_EVERY messages, or SAVE_SECONDS x rate), never more.
"""

from __future__ import annotations

import time

from ansible_collections.mssante.hygiene.plugins.module_utils.notice.ledger import record_told
from ansible_collections.mssante.hygiene.plugins.module_utils.smtp import (
    ConnectionLost, MessageRefused, RecipientsRefused, SmtpError)

SAVE_EVERY = 20
SAVE_SECONDS = 5.0


def failure_key(message):
    """The ledger "failures" key of a message: its recipients."""
    return ", ".join(message["recipients"])


def record_sent(ledger, message, now, message_id):
    for item in message["items"]:
        # the date the owner was given: act by `due`, else the announced request from `announce_date`
        record_told(ledger, item["address"], item["code"], now, announces=item["announces"],
                    due=item["due"] or item["announce_date"],
                    recipients=message["recipients"], message_id=message_id)
    ledger["failures"].pop(failure_key(message), None)


def record_failed(ledger, message, now, error):
    previous = ledger["failures"].get(failure_key(message)) or {}
    attempts = int(previous.get("attempts") or 0) + 1
    ledger["failures"][failure_key(message)] = {"at": now.isoformat(), "error": error, "attempts": attempts}


class Deliverer:
    """Sends (message, email) pairs; `save()` writes the ledger. clock/sleep are for the tests."""

    def __init__(self, session, ledger, save, now, rate, clock=time.monotonic, sleep=time.sleep):
        self.session, self.ledger, self.save, self.now = session, ledger, save, now
        self.interval = 1.0 / rate
        self.clock, self.sleep = clock, sleep
        self._next = None
        self._unsaved, self._saved_at = 0, clock()
        self.fatal = ""

    def _throttle(self):
        if self._next is not None:
            wait = self._next - self.clock()
            if wait > 0:
                self.sleep(wait)
        self._next = self.clock() + self.interval

    def _send(self, email):
        """Send once; on a dropped connection, reopen and send again once."""
        try:
            self.session.send(email)
        except ConnectionLost:
            self.session.send(email)  # send() reopens the session

    def _checkpoint(self):
        self._unsaved += 1
        if self._unsaved >= SAVE_EVERY or self.clock() - self._saved_at >= SAVE_SECONDS:
            self.save()
            self._unsaved, self._saved_at = 0, self.clock()

    def deliver_one(self, message, email):
        """'sent' or the French error of this message."""
        if self.fatal:
            record_failed(self.ledger, message, self.now, self.fatal)
            return self.fatal
        self._throttle()
        try:
            self._send(email)
        except (RecipientsRefused, MessageRefused) as exc:
            error = str(exc)
        except SmtpError as exc:  # the server is gone or unusable: stop here
            self.fatal = error = "%s ; message non envoyé, il partira à la prochaine exécution" % exc
        else:
            record_sent(self.ledger, message, self.now, email["Message-ID"] or "")
            self._checkpoint()
            return "sent"
        record_failed(self.ledger, message, self.now, error)
        self._checkpoint()
        return error

    def deliver(self, outgoing):
        """[(message, email)] -> one status per message: 'sent' or its error."""
        try:
            return [self.deliver_one(message, email) for message, email in outgoing]
        finally:
            self.session.close()
