# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The inventory snapshot (`inventaire.json` under the state directory): one complete read of the
sources, so that the later steps (the purges, the audit's analysis) read it by path instead of
asking LDAP, the Annuaire Santé and the platform again.

A snapshot is trusted only once it has proved itself: its format, the SHA-256 of its content (a
cut or edited file fails), the identity of the sources it was read from (another platform or a
changed setting fails) and its age. The age is the file's modification time: a read that finds
the same content refreshes it without rewriting the file, so an unchanged platform leaves the
snapshot's bytes, and the run's `changed`, alone.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import time

from ansible_collections.mssante.hygiene.plugins.module_utils.errors import MssanteError, OptionError
from ansible_collections.mssante.hygiene.plugins.module_utils.files import write_atomic
from ansible_collections.mssante.hygiene.plugins.module_utils.fr_text import json_problem, os_reason

FORMAT = "mssante.hygiene/inventaire/2"
FILE_NAME = "inventaire.json"
# a clock a little ahead on the host that wrote the file is tolerated; more is suspect
FUTURE_TOLERANCE_SECONDS = 300

_UNITS = {"s": 1, "m": 60, "min": 60, "h": 3600, "d": 86400, "j": 86400}
_DURATION = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*(s|min|m|h|d|j)?\s*$", re.IGNORECASE)


class SnapshotRejected(MssanteError):
    """The snapshot cannot be trusted; the message says why, in French, naming the file."""


def _dump(value):
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def content_sha256(inventory):
    """SHA-256 (hex) of the inventory's canonical JSON: what the snapshot's `sha256` proves."""
    return hashlib.sha256(_dump(inventory).encode("utf-8")).hexdigest()


def sources_fingerprint(identity):
    """SHA-256 (hex) of the sources' identity (servers, bases, domains: never a secret): a snapshot
    read with other settings is not reused."""
    return hashlib.sha256(_dump(identity).encode("utf-8")).hexdigest()


def encode(inventory, sources, sha256):
    """The snapshot's bytes (deterministic: the same inventory gives the same file); `sha256`:
    content_sha256(inventory), which write() also returns (the inventory is serialised once for it)."""
    document = {"format": FORMAT, "sources": sources, "sha256": sha256,
                "inventory": inventory}
    return (_dump(document) + "\n").encode("utf-8")


def write(path, inventory, sources, check_mode=False, now=None):
    """Write the snapshot, or refresh its age when the file already holds these bytes.

    Returns {"changed", "path", "sha256", "bytes"}; check mode touches nothing.
    """
    sha256 = content_sha256(inventory)
    return write_encoded(path, encode(inventory, sources, sha256), sha256, check_mode=check_mode, now=now)


def write_encoded(path, data, sha256, check_mode=False, now=None):
    """write() of bytes encode() already made (the action plugin makes them on the controller, so
    that the inventory does not travel as module arguments); same result."""
    try:
        with open(path, "rb") as handle:
            same = handle.read() == data
    except FileNotFoundError:
        same = False
    if not check_mode:
        if same:
            stamp = time.time() if now is None else now
            os.utime(path, (stamp, stamp))
        else:
            write_atomic(path, data)
    return {"changed": not same, "path": path, "sha256": sha256, "bytes": len(data)}


def read_staged(path):
    """The bytes the action plugin staged on the host (French OptionError naming `staged` when unreadable)."""
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError as exc:
        raise OptionError("staged : instantané préparé %s illisible : %s" % (path, os_reason(exc)))


def parse_max_age(value, name="mssante_snapshot_max_age"):
    """Seconds from a number of seconds or a text such as "90 s", "30 min", "4h", "1 j"; 0 = never reuse."""
    if isinstance(value, bool):
        raise OptionError("%s : durée attendue (4h, 30min, 1j ou un nombre de secondes), reçu %r" % (name, value))
    if isinstance(value, (int, float)):
        seconds = float(value)
    else:
        match = _DURATION.match(str(value or ""))
        if not match:
            raise OptionError("%s : durée attendue (4h, 30min, 1j ou un nombre de secondes), reçu %r"
                              % (name, value))
        seconds = float(match.group(1).replace(",", ".")) * _UNITS[(match.group(2) or "s").lower()]
    if seconds < 0:
        raise OptionError("%s : une durée ne peut pas être négative, reçu %r" % (name, value))
    return seconds


def fr_duration(seconds):
    """"3 h 05 min", "12 min", "40 s": an age as a French reader says it."""
    seconds = int(round(seconds))
    if seconds < 60:
        return "%d s" % seconds
    minutes = seconds // 60
    if minutes < 60:
        return "%d min" % minutes
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return "%d h %02d min" % (hours, minutes)
    return "%d j %d h" % divmod(hours, 24)


def _load(path):
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
            stamp = os.fstat(handle.fileno()).st_mtime
    except FileNotFoundError:
        raise SnapshotRejected("aucun instantané %s" % path)
    except OSError as exc:
        raise SnapshotRejected("instantané %s illisible : %s" % (path, os_reason(exc)))
    try:
        document = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise SnapshotRejected("instantané %s incomplet ou corrompu (%s)" % (path, json_problem(exc)))
    return document, stamp


def _checked(path, document, sources, expect_sha256):
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        found = document.get("format") if isinstance(document, dict) else None
        raise SnapshotRejected("instantané %s d'un autre format (%s ; attendu %s) : écrit par une autre version "
                               "de la collection" % (path, found or "sans format", FORMAT))
    inventory = document.get("inventory")
    if not isinstance(inventory, dict) or document.get("sha256") != content_sha256(inventory):
        raise SnapshotRejected("instantané %s : son contenu ne correspond pas à son empreinte SHA-256 "
                               "(fichier modifié ou corrompu)" % path)
    if expect_sha256 and document["sha256"] != expect_sha256:
        raise SnapshotRejected("instantané %s : ce n'est pas celui que cette exécution vient d'écrire "
                               "(empreinte différente)" % path)
    if sources is not None and document.get("sources") != sources:
        raise SnapshotRejected("instantané %s lu avec d'autres sources (mssante_ldap, mssante_annuaire, "
                               "mssante_imap, mssante_connection_file ou mssante_domains ont changé depuis)" % path)
    return inventory


def read(path, sources=None, max_age=None, expect_sha256=None, now=None):
    """The snapshot's inventory and age: {"inventory", "sha256", "age_seconds"}.

    Raises SnapshotRejected (French, naming the file) when it is absent, cut, corrupt, of another
    format, read from other sources (`sources`: a fingerprint; None skips the check), older than
    `max_age` seconds (None skips the check), dated in the future, or not the `expect_sha256` one.
    """
    document, stamp = _load(path)
    inventory = _checked(path, document, sources, expect_sha256)
    age = (time.time() if now is None else now) - stamp
    if age < -FUTURE_TOLERANCE_SECONDS:
        raise SnapshotRejected("instantané %s daté dans le futur (de %s) : horloge de la machine à vérifier"
                               % (path, fr_duration(-age)))
    age = max(age, 0.0)
    if max_age is not None and age > max_age:
        raise SnapshotRejected("instantané %s vieux de %s, au-delà de mssante_snapshot_max_age (%s)"
                               % (path, fr_duration(age), fr_duration(max_age)))
    return {"inventory": inventory, "sha256": document["sha256"], "age_seconds": age}
