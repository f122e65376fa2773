# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Whether the inventory snapshot may stand in for a new read, and what a rewrite would change.

A rejected snapshot is not an error: the inventory role reads its sources again and rewrites it.
Only a wrong `max_age` setting is one (the person must fix it).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time

from ansible_collections.mssante.hygiene.plugins.module_utils.inventory_snapshot import (
    SnapshotRejected, first_line_sha256, fr_duration, parse_max_age, read_purge_part)

MAX_AGE_NAME = "mssante_snapshot_max_age"


def _iso(stamp):
    return dt.datetime.fromtimestamp(stamp, dt.timezone.utc).replace(microsecond=0).isoformat()


def examine(path, sources, max_age, now=None):
    """{"usable", "reason", "age_seconds", "age", "sha256", "written", "purge"}.

    `reason` (French, naming the file) says why an unusable snapshot is not reused; `written` is
    the snapshot's date (ISO 8601 UTC); `purge` (the measured mailboxes as a purge lists them,
    {"mailbox_entries", "counts"}) is empty unless usable. The inventory itself is only hashed.
    """
    limit = parse_max_age(max_age, MAX_AGE_NAME)
    now = time.time() if now is None else now
    rejected = {"usable": False, "reason": "", "age_seconds": None, "age": "", "sha256": "", "written": "",
                "purge": {}}
    if limit == 0:
        return dict(rejected, reason="%s vaut 0 : l'instantané %s n'est jamais réutilisé" % (MAX_AGE_NAME, path))
    try:
        loaded = read_purge_part(path, sources=sources, max_age=limit, now=now)
    except SnapshotRejected as exc:
        return dict(rejected, reason=str(exc))
    age = loaded["age_seconds"]
    return {"usable": True, "reason": "", "age_seconds": round(age, 1), "age": fr_duration(age),
            "sha256": loaded["sha256"], "written": _iso(now - age), "purge": loaded["purge"]}


def digest_line(sha256, size):
    """"sha256 <hex>, <n> octets": how --diff shows a snapshot, never its personal content."""
    return "sha256 %s, %d octets\n" % (sha256, size)


def describe(path):
    """"sha256 <hex>, <n> octets" of the snapshot file at `path` (its recorded content SHA-256, else
    the file's own), or "absent": what --diff shows, never the personal content."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except OSError:
        return "absent\n"
    digest = first_line_sha256(raw) or hashlib.sha256(raw).hexdigest()
    return digest_line(digest, len(raw))
