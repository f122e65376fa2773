# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Private files (ledger, reports, request files, journal, exports): directories 0700, files 0600,
writes that never stop half-way and replacements a reader sees whole or not at all."""

from __future__ import annotations

import errno
import os
import tempfile


def make_private_dirs(directory):
    """Create `directory` and its missing parents, all 0700 (os.makedirs gives parents the umask's mode).

    Fails as os.makedirs(exist_ok=True) does: NotADirectoryError below a file, FileExistsError
    when `directory` itself is a file.
    """
    directory = os.path.abspath(directory)
    missing = []
    path = directory
    # stop at whatever exists: below a file, mkdir says "not a directory"
    while not os.path.exists(path):
        missing.append(path)
        path = os.path.dirname(path)
    for path in reversed(missing):
        try:
            os.mkdir(path, 0o700)
        except FileExistsError:
            if not os.path.isdir(path):
                raise  # a file created meanwhile where a directory must go
    if not os.path.isdir(directory):
        raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), directory)


def write_all(fd, data):
    """Write every byte of `data` to `fd` (os.write may write less than asked)."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def fsync_dir(directory):
    """Make a rename or unlink in `directory` durable."""
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class AtomicFile:
    """A replacement of `path` written a chunk at a time: temp file in the same directory
    (".<name>.*.tmp"); `commit` makes it durable and renames it over `path`, `discard` leaves
    `path` as it was. Used as a context manager, it commits unless discarded or failed."""

    def __init__(self, path, mode=0o600):
        self.path = path
        self.directory = os.path.dirname(os.path.abspath(path))
        self.fd, self.tmp = tempfile.mkstemp(prefix=".%s." % os.path.basename(path), suffix=".tmp",
                                             dir=self.directory)
        try:
            os.fchmod(self.fd, mode)
        except BaseException:
            self.discard()
            raise

    def write(self, data):
        write_all(self.fd, data)

    def discard(self):
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None
            os.unlink(self.tmp)

    def commit(self):
        try:
            os.fsync(self.fd)
        except BaseException:
            self.discard()
            raise
        os.close(self.fd)
        self.fd = None
        try:
            os.replace(self.tmp, self.path)
        except BaseException:
            os.unlink(self.tmp)
            raise
        fsync_dir(self.directory)

    def __enter__(self):
        return self

    def __exit__(self, kind, value, trace):
        if kind is not None:
            self.discard()
        elif self.fd is not None:
            self.commit()


def write_atomic(path, data, mode=0o600):
    """Replace `path` by `data` atomically and durably: temp file in the same directory
    (".<name>.*.tmp"), fsync, rename, fsync of the directory."""
    with AtomicFile(path, mode) as out:
        out.write(data)


def write_if_changed(path, data, mode=0o600):
    """write_atomic unless `path` already holds exactly `data` (a rerun leaves the file, and its
    date, alone); True when written. OSError from reading or writing goes to the caller."""
    try:
        with open(path, "rb") as handle:
            if handle.read() == data:
                return False
    except FileNotFoundError:
        pass
    write_atomic(path, data, mode)
    return True
