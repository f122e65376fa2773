# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The progress file of a long sweep or purge (option progress_path): French lines a DSI can `tail -f`.

At most one line every `interval` seconds while the pool runs, plus the last one with the total.
The file is only a view: a line that cannot be written (disk full, directory gone) gives one
warning and the run goes on.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
import time

from ansible_collections.mssante.hygiene.plugins.module_utils.files import write_all
from ansible_collections.mssante.hygiene.plugins.module_utils.fr_numbers import fr_int
from ansible_collections.mssante.hygiene.plugins.module_utils.fr_plural import fr_agree
from ansible_collections.mssante.hygiene.plugins.module_utils.fr_text import os_reason
from ansible_collections.mssante.hygiene.plugins.module_utils.paris_time import to_paris

INTERVAL = 2.0  # seconds between two lines: readable with tail -f, negligible cost


def _number(value):
    # a plain space, not the narrow no-break one of the reports: `grep "1 200"` must find it
    return fr_int(value, " ")


def progress_line(now, done, total, failures, selected=None, deleted=None, label=""):
    """'01/12/2026 23:41:07 — 1 200 / 10 000 BAL, 3 412 messages supprimés, 2 échecs' (Paris time)."""
    parts = ["%s / %s BAL" % (_number(done), _number(total))]
    if selected is not None:
        parts.append("%s %s" % (_number(selected), fr_agree(selected, "message sélectionné")))
    if deleted is not None:
        parts.append("%s %s" % (_number(deleted), fr_agree(deleted, "supprimé")))
    parts.append("%s %s" % (_number(failures), fr_agree(failures, "échec")))
    stamp = to_paris(now).strftime("%d/%m/%Y %H:%M:%S")
    return "%s — %s%s\n" % (stamp, label + " : " if label else "", ", ".join(parts))


class ProgressFile:
    """Counts mailboxes done and failed (thread-safe) and appends a line now and then.

    `counts()` -> {"failures": n, "selected": n, "deleted": n}: a purge's own tallies, read when a
    line is due; without it the failures counted here are shown and no message counts.
    """

    def __init__(self, path, total, warn, counts=None, label="", interval=None,
                 clock=time.monotonic, now=None):
        self.path = path
        self.total = total
        self.label = label
        self._warn = warn
        self._counts = counts
        self._interval = INTERVAL if interval is None else interval
        self._clock = clock
        self._now = now or (lambda: dt.datetime.now(dt.timezone.utc))
        self._lock = threading.Lock()
        self._last = None  # clock of the last line written or tried
        self._warned = False
        self.done = 0
        self.failed = 0

    def mailboxes_done(self, count=1, failed=0):
        """`count` mailboxes finished, `failed` of them in failure; a line if the last is old enough."""
        with self._lock:
            self.done += count
            self.failed += failed
            if self._last is None or self._clock() - self._last >= self._interval:
                self._write(self._line())

    def finish(self, failures=None, note=""):
        """The last line, always (the final count of failures when the caller knows it better)."""
        with self._lock:
            if failures is not None:
                self.failed = failures
            self._write(self._line(final=True, note=note))

    def _line(self, final=False, note=""):
        counts = dict(self._counts()) if self._counts else {}
        label = " ".join(part for part in (self.label, "terminé" if final else "") if part)
        line = progress_line(self._now(), self.done, self.total, counts.get("failures", self.failed),
                             counts.get("selected"), counts.get("deleted"), label)
        return line[:-1] + (" ; %s\n" % note if note else "\n")

    def _write(self, line):
        self._last = self._clock()
        try:
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                write_all(fd, line.encode("utf-8"))
            finally:
                os.close(fd)
        except OSError as exc:
            if not self._warned:  # once: the run must not drown in the same warning
                self._warned = True
                self._warn("progress_path : écriture impossible dans le fichier de progression %s (%s) ; "
                           "l'exécution continue sans lui" % (self.path, os_reason(exc)))


class NoProgress:
    """No progress_path, or check mode: nothing is written."""

    def mailboxes_done(self, count=1, failed=0):
        pass

    def finish(self, failures=None, note=""):
        pass


def progress_for(path, total, warn, check_mode=False, **kwargs):
    """A ProgressFile on `path`, or NoProgress without a path or in check mode (which writes nothing)."""
    if not path or check_mode:
        return NoProgress()
    return ProgressFile(path, total, warn, **kwargs)
