# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Private files of a purge (journal, exports): directories 0700, writes that never stop half-way."""

from __future__ import annotations

import os


def make_private_dirs(directory):
    """Create `directory` and its missing parents, all 0700 (os.makedirs gives parents the umask's mode)."""
    missing = []
    while not os.path.isdir(directory):
        missing.append(directory)
        parent = os.path.dirname(directory)
        if parent == directory:
            break
        directory = parent
    for path in reversed(missing):
        try:
            os.mkdir(path, 0o700)
        except FileExistsError:
            if not os.path.isdir(path):
                raise  # a file where a directory must go


def write_all(fd, data):
    done = 0
    while done < len(data):
        done += os.write(fd, data[done:])
