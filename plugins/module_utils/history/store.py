# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The history directory: one gzip file per audit, `audit-YYYYMMDDTHHMMSSZ.json.gz`, 0600 in a 0700 directory.

The same snapshot always gives the same bytes (sorted keys, gzip without a name and with mtime 0),
so a copy or a backup of the directory can be compared file by file. A file that cannot be read is
skipped with a French note naming it, and is never deleted for that: it may be repaired or restored.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import zlib

from ansible_collections.mssante.hygiene.plugins.module_utils.errors import MssanteError
from ansible_collections.mssante.hygiene.plugins.module_utils.files import make_private_dirs, write_atomic
from ansible_collections.mssante.hygiene.plugins.module_utils.fr_text import json_problem, os_reason
from ansible_collections.mssante.hygiene.plugins.module_utils.history.snapshot import SCHEMA_VERSION
from ansible_collections.mssante.hygiene.plugins.module_utils.paris_time import parse_utc

HISTORY_DIR = "history"
_NAME = re.compile(r"^audit-\d{8}T\d{6}Z\.json\.gz$")
_KEYS = ("generated_at", "point", "trend", "findings", "mailboxes", "requests")


class HistoryError(MssanteError):
    """The history directory cannot be written; the message names the path."""

    parameter = "state_dir"


class _Unreadable(Exception):
    """A snapshot file that is not one; the message says why, in French."""


def history_dir(state_dir):
    return os.path.join(state_dir, HISTORY_DIR)


def file_name(generated_at):
    """audit-20261126T090000Z.json.gz for the audit generated at that UTC instant."""
    return "audit-%s.json.gz" % parse_utc(generated_at).strftime("%Y%m%dT%H%M%SZ")


def encode(snapshot):
    """Deterministic bytes: sorted keys, gzip with mtime 0 and no file name."""
    text = json.dumps(snapshot, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
    return gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)


def decode(raw):
    """The snapshot in `raw`; _Unreadable when the bytes are not a snapshot of this version."""
    try:
        data = json.loads(gzip.decompress(raw).decode("utf-8"))
    except (OSError, EOFError, zlib.error):
        raise _Unreadable("pas une archive gzip complète")
    except (UnicodeDecodeError, ValueError) as exc:
        raise _Unreadable(json_problem(exc))
    if not isinstance(data, dict) or any(name not in data for name in _KEYS):
        raise _Unreadable("ce n'est pas un instantané d'audit")
    if data.get("schema_version") != SCHEMA_VERSION:
        raise _Unreadable("schema_version « %s », seule la version %d est lue" % (data.get("schema_version"), SCHEMA_VERSION))
    return data


def snapshot_paths(directory):
    """The snapshot files of `directory`, oldest first (their names sort by date); [] when it does not exist."""
    try:
        names = os.listdir(directory)
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise HistoryError("répertoire d'historique %s illisible : %s" % (directory, os_reason(exc)))
    return [os.path.join(directory, name) for name in sorted(names) if _NAME.match(name)]


def read_snapshot(path):
    """(snapshot, None) or (None, French note naming the file)."""
    try:
        with open(path, "rb") as handle:
            snapshot = decode(handle.read())
    except (OSError, _Unreadable) as exc:
        return None, _unreadable(path, str(exc) if isinstance(exc, _Unreadable) else os_reason(exc))
    return snapshot, None


def _unreadable(path, why):
    return ("Instantané d'historique %s illisible (%s) : ignoré par cet audit, sans être supprimé ; "
            "restaurez-le depuis une sauvegarde ou supprimez-le." % (path, why))


def write_snapshot(directory, snapshot):
    """Write the snapshot file (directory created 0700); its path. HistoryError naming the path."""
    path = os.path.join(directory, file_name(snapshot["generated_at"]))
    try:
        make_private_dirs(directory)
        write_atomic(path, encode(snapshot), 0o600)
    except OSError as exc:
        raise HistoryError("impossible d'écrire l'instantané d'historique %s : %s" % (path, os_reason(exc)))
    return path


def to_prune(paths, keep):
    """The files beyond the newest `keep` (oldest first)."""
    return list(paths[:max(len(paths) - keep, 0)])


def prune(paths):
    for path in paths:
        try:
            os.unlink(path)
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise HistoryError("impossible de supprimer l'ancien instantané d'historique %s : %s" % (path, os_reason(exc)))
