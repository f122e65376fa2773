# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Decisions and results of one mailstore_restore call, shared by its worker threads.

Nothing here talks to a server: restore_imap.py finds what is already back and appends the
rest, and reports each message here (restored, skipped, missing, failed). Results name a
message by mailbox, folder, UID, Message-ID, date and size, never by its Subject (it may name a
patient).
"""

from __future__ import annotations

import os
import re
import threading

from ansible_collections.mssante.hygiene.plugins.module_utils.fr_text import os_reason
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.errors import MailstoreError
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.export import export_path
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.journal_read import message_key

_BARE_LF = re.compile(rb"(?<!\r)\n")
SKIP_REASONS = ("already_restored", "already_present")


def as_crlf(raw):
    """The message with CRLF line ends, as IMAP carries it (doveadm exports have bare LFs)."""
    return _BARE_LF.sub(b"\r\n", raw)


def message_entry(record):
    """What a result says of one journaled message."""
    return {"mailbox": record["mailbox"], "folder": record["folder"], "uidvalidity": record["uidvalidity"],
            "uid": record["uid"], "message_id": record.get("message_id", ""), "date": record.get("date", ""),
            "size": record.get("size", 0), "flags": list(record.get("flags", []))}


class RestoreRun:
    """Thread-safe results; `ledger` (journal.Journal) is None in check mode, which writes nothing."""

    def __init__(self, check_mode, run_id, export_dir, restored_before, ledger=None):
        self.check_mode = check_mode
        self.run_id = run_id
        self.export_dir = export_dir
        self.restored_before = restored_before  # message_key()s the ledger lists
        self.ledger = ledger
        self.restored, self.skipped, self.missing, self.failures, self.created_folders = [], [], [], [], []
        self._lock = threading.Lock()

    def _add(self, bucket, item):
        with self._lock:
            bucket.append(item)

    # --- what is already back ------------------------------------------------
    def already_restored(self, record):
        """True (and skipped) when the ledger says an earlier call put this message back."""
        if message_key(record) not in self.restored_before:
            return False
        self.skip(record, "already_restored")
        return True

    def skip(self, record, reason):
        self._add(self.skipped, dict(message_entry(record), reason=reason))

    # --- exports ---------------------------------------------------------------
    def export_of(self, record):
        return export_path(self.export_dir, self.run_id, record["mailbox"], record["folder"],
                           record["uidvalidity"], record["uid"])

    def exported(self, record):
        """True when the message's .eml is there; otherwise it is reported missing (never invented)."""
        path = self.export_of(record)
        if os.path.isfile(path):
            return True
        self._add(self.missing, dict(message_entry(record), export=path))
        return False

    def read_export(self, record):
        """The message to append (CRLF line ends); MailstoreError naming the file when it cannot be read."""
        path = self.export_of(record)
        try:
            with open(path, "rb") as handle:
                return as_crlf(handle.read())
        except OSError as exc:
            raise MailstoreError("export %s illisible : %s ; rien n'a été restauré dans ce dossier" % (
                path, os_reason(exc))) from None

    # --- outcomes --------------------------------------------------------------
    def folder_created(self, mailbox, folder):
        self._add(self.created_folders, {"mailbox": mailbox, "folder": folder})

    def would_restore(self, records):
        with self._lock:
            self.restored.extend(message_entry(record) for record in records)

    def done(self, appended):
        """[(record, new uid or 0)] the server accepted: ledger first (fsynced), then the result."""
        if not appended:
            return
        lines = [{"run_id": self.run_id, "mailbox": r["mailbox"], "folder": r["folder"],
                  "uidvalidity": r["uidvalidity"], "uid": r["uid"], "message_id": r.get("message_id", ""),
                  "new_uid": new_uid} for r, new_uid in appended]
        try:
            self.ledger.write(lines)
        except OSError as exc:
            raise MailstoreError(
                "journal_path : écriture impossible dans le registre des restaurations %s : %s ; les "
                "messages déjà remis sont sur le serveur (une relance les retrouve par leur Message-ID) et "
                "la restauration de cette BAL s'arrête" % (self.ledger.path, os_reason(exc))) from None
        with self._lock:
            for record, new_uid in appended:
                entry = message_entry(record)
                if new_uid:
                    entry["new_uid"] = new_uid
                self.restored.append(entry)

    def fail(self, mailbox, error, record=None):
        failure = {"mailbox": mailbox, "error": error}
        if record is not None:
            failure.update(folder=record["folder"], uid=record["uid"], message_id=record.get("message_id", ""))
        self._add(self.failures, failure)

    # --- report ----------------------------------------------------------------
    def by_folder(self):
        """[{mailbox, folder, restored, skipped, missing}] in mailbox and folder order."""
        counts = {}
        for bucket, name in ((self.restored, "restored"), (self.skipped, "skipped"), (self.missing, "missing")):
            for entry in bucket:
                row = counts.setdefault((entry["mailbox"], entry["folder"]), {
                    "mailbox": entry["mailbox"], "folder": entry["folder"], "restored": 0, "skipped": 0,
                    "missing": 0})
                row[name] += 1
        return [counts[key] for key in sorted(counts)]
