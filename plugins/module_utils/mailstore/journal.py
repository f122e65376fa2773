# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The deletion journal (JSON Lines) and the optional .eml export, both fsynced.

Each line is written and fsynced before the messages it names are expunged, so after a crash
the journal lists everything that may have been deleted (at worst a few lines too many, never
one missing). Files are created 0600: they name patients' mail.
"""

from __future__ import annotations

import json
import os
import re
import threading


class Journal:
    """Append-only JSON Lines file shared by the worker threads of a run."""

    def __init__(self, path):
        self.path = path
        self._lock = threading.Lock()  # appends
        self._sync_lock = threading.Lock()  # fsyncs
        self._written = self._synced = 0  # appends made / appends known on disk
        self._handle = None
        if path:
            directory = os.path.dirname(os.path.abspath(path))
            os.makedirs(directory, mode=0o700, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            self._handle = os.fdopen(fd, "a", encoding="utf-8")

    def write(self, records):
        """Append records and fsync; returns only once they are on disk.

        Group commit: the worker threads append under one lock, and a single fsync covers
        every append made before it, so concurrent mailboxes do not queue one fsync each.
        """
        if self._handle is None or not records:
            return
        text = "".join(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n" for record in records)
        with self._lock:
            self._handle.write(text)
            self._handle.flush()
            self._written += 1
            mine = self._written
        with self._sync_lock:
            if self._synced >= mine:
                return  # another thread's fsync started after our append: ours is on disk
            with self._lock:
                covered = self._written
            os.fsync(self._handle.fileno())
            self._synced = covered

    def close(self):
        if self._handle is not None:
            self._handle.close()
            self._handle = None


def _safe(text):
    return re.sub(r"[^A-Za-z0-9@._-]+", "_", text)[:120] or "_"


def export_message(export_dir, run_id, mailbox, folder, uidvalidity, uid, raw):
    """Write one message as .eml (0600) and fsync file and directory; returns its path."""
    directory = os.path.join(export_dir, run_id, _safe(mailbox), _safe(folder))
    os.makedirs(directory, mode=0o700, exist_ok=True)
    path = os.path.join(directory, "%d-%d.eml" % (uidvalidity, uid))
    fd = os.open(path + ".part", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, raw)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(path + ".part", path)
    dir_fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
    return path
