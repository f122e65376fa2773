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


def write_atomic(path, data, mode=0o600):
    """Replace `path` by `data` atomically and durably: temp file in the same directory
    (".<name>.*.tmp"), fsync, rename, fsync of the directory."""
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".%s." % os.path.basename(path), suffix=".tmp", dir=directory)
    try:
        os.fchmod(fd, mode)
        write_all(fd, data)
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        os.unlink(tmp)
        raise
    os.close(fd)
    try:
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise
    fsync_dir(directory)


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
