# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The deletion journal (JSON Lines), fsynced.

Each line is written and fsynced before the messages it names are expunged, so after a crash
the journal lists everything that may have been deleted (at worst a few lines too many, never
one missing). Files are created 0600 and every directory created 0700: they name patients' mail.
"""

from __future__ import annotations

import json
import os
import threading

from ansible_collections.mssante.hygiene.plugins.module_utils.files import make_private_dirs, write_all

# one encoder for every line: json.dumps with options builds a new encoder per call
_encode = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode


class Journal:
    """Append-only JSON Lines file shared by the worker threads of a run.

    A failed append (disk full) is cut back to the last whole line and stops the journal: every
    later write raises, so no deletion can follow a line that is not on disk.
    """

    def __init__(self, path):
        self.path = path
        self._lock = threading.Lock()  # appends
        self._sync_lock = threading.Lock()  # fsyncs
        self._written = self._synced = 0  # appends made / appends known on disk
        self._fd = None
        self.broken = None  # the OSError that stopped the journal
        self.repaired = False  # the file ended in a torn line: we started on a new line
        if path:
            make_private_dirs(os.path.dirname(os.path.abspath(path)))
            self._fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                self._repair()
            except OSError:
                self.close()
                raise

    def _repair(self):
        """A last line without its line feed (disk full or crash in an older run) stays as it is
        for the record, and the next record starts on a line of its own instead of being glued to it."""
        size = os.fstat(self._fd).st_size
        if not size:
            return
        with open(self.path, "rb") as handle:
            handle.seek(size - 1)
            if handle.read(1) == b"\n":
                return
        self._append(b"\n")
        os.fsync(self._fd)
        self.repaired = True

    def _append(self, data):
        before = os.fstat(self._fd).st_size
        try:
            write_all(self._fd, data)
        except OSError:
            try:
                os.ftruncate(self._fd, before)  # never leave a torn line behind
            except OSError:
                pass  # _repair() of the next run starts a new line anyway
            raise

    def _stop(self, exc):
        self.broken = OSError(exc.errno, exc.strerror, self.path)
        raise self.broken from None

    def check(self):
        """Raise when the journal stopped (a deletion must not be planned on it)."""
        if self.broken is not None:
            raise OSError(self.broken.errno, self.broken.strerror, self.path)

    def write(self, records):
        """Append records and fsync; returns only once they are on disk.

        Group commit: the worker threads append under one lock, and a single fsync covers
        every append made before it, so concurrent mailboxes do not queue one fsync each.
        """
        if self._fd is None or not records:
            return
        data = "".join(_encode(record) + "\n" for record in records).encode("utf-8")
        with self._lock:
            self.check()
            try:
                self._append(data)
            except OSError as exc:
                self._stop(exc)
            self._written += 1
            mine = self._written
        with self._sync_lock:
            self.check()  # an fsync that failed once may not fail again for the same lost data
            if self._synced >= mine:
                return  # another thread's fsync started after our append: ours is on disk
            with self._lock:
                covered = self._written
            try:
                os.fsync(self._fd)
            except OSError as exc:
                self._stop(exc)
            self._synced = covered

    def close(self):
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
