# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The exclusive lock of a state directory (`ledger.lock`, flock, released by the kernel if the
process dies): one run at a time modifies its request ledger and its notice ledger."""

from __future__ import annotations

import errno
import fcntl
import os
import time

from ansible_collections.mssante.hygiene.plugins.module_utils.errors import MssanteError
from ansible_collections.mssante.hygiene.plugins.module_utils.fr_text import os_reason

LOCK_NAME = "ledger.lock"


class StateLockError(MssanteError):
    """The lock file cannot be opened; the message names it."""


class StateLocked(StateLockError):
    """Another run holds the lock."""


class StateLock:
    """Exclusive lock of a state directory, held for one read-modify-write of its ledgers."""

    def __init__(self, state_dir, wait=0.0):
        self.path = os.path.join(state_dir, LOCK_NAME)
        self.wait = wait
        self._fd = None

    def _holder(self):
        try:
            with open(self.path, "r", encoding="ascii", errors="replace") as handle:
                return handle.read().strip() or "inconnu"
        except OSError:
            return "inconnu"

    def acquire(self):
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            raise StateLockError("fichier de verrou %s impossible à ouvrir : %s (state_dir)"
                                 % (self.path, os_reason(exc)))
        deadline = time.monotonic() + self.wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES) or time.monotonic() >= deadline:
                    os.close(fd)
                    raise StateLocked(
                        "le répertoire d'état %s (registres des demandes et des préavis) est verrouillé par une autre exécution (pid %s, "
                        "fichier de verrou %s) : attendez qu'elle se termine, ou augmentez lock_timeout"
                        % (os.path.dirname(self.path), self._holder(), self.path))
                time.sleep(0.1)
        os.ftruncate(fd, 0)
        os.write(fd, ("%d\n" % os.getpid()).encode("ascii"))
        self._fd = fd
        return self

    def release(self):
        # The file stays: unlinking a lock file lets a third run lock a different inode.
        if self._fd is not None:
            os.ftruncate(self._fd, 0)
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def __enter__(self):
        return self.acquire()

    def __exit__(self, *exc_info):
        self.release()
