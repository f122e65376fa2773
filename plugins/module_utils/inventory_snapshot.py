# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The inventory snapshot (`inventaire.json` under the state directory): one complete read of the
sources, so that the later steps (the purges, the audit's analysis) read it by path instead of
asking LDAP, the Annuaire Santé and the platform again.

Three lines of canonical JSON: a header (format, sources' fingerprint, the SHA-256 of each of the
two other lines), the purges' part (the measured mailboxes as a purge lists them, and counts),
then the whole inventory. A purge reads the header and its part, and only hashes the rest as it
streams by: the file still proves itself whole, without the inventory ever held parsed (the
purge's module stays small at any size); the audit reads everything.

A snapshot is trusted only once it has proved itself: its format, the SHA-256 of each part (a cut
or edited file fails), the identity of the sources it was read from (another platform or a
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

FORMAT = "mssante.hygiene/inventaire/3"
HEADER_LIMIT = 64 * 1024  # a header is a few hundred bytes: a longer first line is another format
CHUNK = 1024 * 1024
_FORMAT_AT_START = re.compile(rb'^\{"format":"([^"\\]{1,100})"')
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
FILE_NAME = "inventaire.json"
# a clock a little ahead on the host that wrote the file is tolerated; more is suspect
FUTURE_TOLERANCE_SECONDS = 300

_UNITS = {"s": 1, "m": 60, "min": 60, "h": 3600, "d": 86400, "j": 86400}
_DURATION = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*(s|min|m|h|d|j)?\s*$", re.IGNORECASE)


class SnapshotRejected(MssanteError):
    """The snapshot cannot be trusted; the message says why, in French, naming the file."""


def _dump(value):
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def sources_fingerprint(identity):
    """SHA-256 (hex) of the sources' identity (servers, bases, domains: never a secret): a snapshot
    read with other settings is not reused."""
    return hashlib.sha256(_dump(identity).encode("utf-8")).hexdigest()


def encode(inventory, sources, mailbox_entries):
    """(the snapshot's bytes, SHA-256 of the inventory's canonical JSON: what `sha256` proves), the
    inventory serialised once for both; deterministic: the same inventory gives the same file.
    `mailbox_entries`: the purges' list (mailstore.entries.measured_entries of the inventory, which
    the callers compute: the root does not import a source's stage)."""
    body = _dump(inventory).encode("utf-8")
    purge_part = _dump({"counts": {"accounts": len(inventory.get("accounts") or ()),
                                   "bals": len(inventory.get("bals") or ())},
                        "mailbox_entries": mailbox_entries}).encode("utf-8")
    sha256 = hashlib.sha256(body).hexdigest()
    header = {"entries_sha256": hashlib.sha256(purge_part).hexdigest(), "format": FORMAT, "sha256": sha256,
              "sources": sources}
    return b"\n".join((_dump(header).encode("utf-8"), purge_part, body, b"")), sha256


def write(path, inventory, sources, mailbox_entries, check_mode=False, now=None):
    """Write the snapshot, or refresh its age when the file already holds these bytes.

    Returns {"changed", "path", "sha256", "bytes"}; check mode touches nothing.
    """
    data, sha256 = encode(inventory, sources, mailbox_entries)
    return write_encoded(path, data, sha256, check_mode=check_mode, now=now)


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


def _rejected_first_line(path, line):
    """Why a first line is not a header: another format, or a cut or foreign file."""
    try:
        found = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        match = _FORMAT_AT_START.match(line)
        if match:
            found = {"format": match.group(1).decode("utf-8", "replace")}
        else:
            return SnapshotRejected("instantané %s incomplet ou corrompu (%s)" % (path, json_problem(exc)))
    if isinstance(found, dict) and found.get("format") == FORMAT:
        return SnapshotRejected("instantané %s incomplet ou corrompu (en-tête sans fin de ligne)" % path)
    shown = found.get("format") if isinstance(found, dict) else None
    return SnapshotRejected("instantané %s d'un autre format (%s ; attendu %s) : écrit par une autre version "
                            "de la collection" % (path, shown or "sans format", FORMAT))


def _header(path, handle):
    """The first line, checked: {"format", "sources", "sha256", "entries_sha256"}."""
    line = handle.readline(HEADER_LIMIT)
    if not line.endswith(b"\n"):
        raise _rejected_first_line(path, line)
    try:
        header = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise SnapshotRejected("instantané %s incomplet ou corrompu (%s)" % (path, json_problem(exc)))
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise _rejected_first_line(path, line[:-1])
    if not all(isinstance(header.get(key), str) and _HEX64.match(header[key]) for key in ("sha256", "entries_sha256")) \
            or not isinstance(header.get("sources"), str):
        raise SnapshotRejected("instantané %s incomplet ou corrompu (en-tête sans empreintes)" % path)
    return header


def _part(path, handle, expected, what):
    """The next line, parsed, once its SHA-256 is the header's."""
    line = handle.readline()
    if not line.endswith(b"\n"):
        raise SnapshotRejected("instantané %s incomplet ou corrompu (%s coupé)" % (path, what))
    if hashlib.sha256(line[:-1]).hexdigest() != expected:
        raise _mismatch(path)
    value = json.loads(line[:-1].decode("utf-8"))
    if not isinstance(value, dict):
        raise _mismatch(path)
    return value


def _inventory_line(path, handle, expected, keep):
    """Stream the inventory line through SHA-256 up to the end of the file: its bytes when `keep`
    (the audit parses them), else None (a purge needs only the proof, not the inventory)."""
    digest, kept, last, size = hashlib.sha256(), [], b"", 0
    for chunk in iter(lambda: handle.read(CHUNK), b""):
        digest.update(last)  # one byte behind: the final newline is not the content's
        digest.update(chunk[:-1])
        if keep:
            kept.append(chunk)
        last, size = chunk[-1:], size + len(chunk)
    if last != b"\n" or size < 2:
        raise SnapshotRejected("instantané %s incomplet ou corrompu (inventaire coupé)" % path)
    if digest.hexdigest() != expected:
        raise _mismatch(path)
    if not keep:
        return None
    kept[-1] = kept[-1][:-1]  # the newline off the last chunk: no second copy of the whole line
    return b"".join(kept)


def _mismatch(path):
    return SnapshotRejected("instantané %s : son contenu ne correspond pas à son empreinte SHA-256 "
                            "(fichier modifié ou corrompu)" % path)


def _age(path, stamp, max_age, now):
    age = (time.time() if now is None else now) - stamp
    if age < -FUTURE_TOLERANCE_SECONDS:
        raise SnapshotRejected("instantané %s daté dans le futur (de %s) : horloge de la machine à vérifier"
                               % (path, fr_duration(-age)))
    age = max(age, 0.0)
    if max_age is not None and age > max_age:
        raise SnapshotRejected("instantané %s vieux de %s, au-delà de mssante_snapshot_max_age (%s)"
                               % (path, fr_duration(age), fr_duration(max_age)))
    return age


def _read(path, whole, sources, max_age, expect_sha256, now):
    try:
        with open(path, "rb") as handle:
            stamp = os.fstat(handle.fileno()).st_mtime
            header = _header(path, handle)
            if expect_sha256 and header["sha256"] != expect_sha256:
                raise SnapshotRejected("instantané %s : ce n'est pas celui que cette exécution vient d'écrire "
                                       "(empreinte différente)" % path)
            if sources is not None and header["sources"] != sources:
                raise SnapshotRejected("instantané %s lu avec d'autres sources (mssante_ldap, mssante_annuaire, "
                                       "mssante_imap, mssante_connection_file ou mssante_domains ont changé "
                                       "depuis)" % path)
            age = _age(path, stamp, max_age, now)
            found = {"sha256": header["sha256"], "age_seconds": age}
            found["purge"] = _part(path, handle, header["entries_sha256"], "partie des purges")
            body = _inventory_line(path, handle, header["sha256"], whole)
    except FileNotFoundError:
        raise SnapshotRejected("aucun instantané %s" % path)
    except OSError as exc:
        raise SnapshotRejected("instantané %s illisible : %s" % (path, os_reason(exc)))
    if whole:
        found["inventory"] = json.loads(body.decode("utf-8"))
        if not isinstance(found["inventory"], dict):
            raise _mismatch(path)
    return found


def read(path, sources=None, max_age=None, expect_sha256=None, now=None):
    """The snapshot's inventory and age: {"inventory", "purge", "sha256", "age_seconds"}.

    Raises SnapshotRejected (French, naming the file) when it is absent, cut, corrupt, of another
    format, read from other sources (`sources`: a fingerprint; None skips the check), older than
    `max_age` seconds (None skips the check), dated in the future, or not the `expect_sha256` one.
    """
    return _read(path, True, sources, max_age, expect_sha256, now)


def read_purge_part(path, sources=None, max_age=None, now=None):
    """read() without the inventory: {"purge": {"mailbox_entries", "counts"}, "sha256", "age_seconds"},
    the whole file still hashed and checked (a cut or edited inventory rejects the snapshot)."""
    return _read(path, False, sources, max_age, None, now)


def first_line_sha256(raw):
    """The content SHA-256 a snapshot's header records, or None (what --diff shows of it)."""
    try:
        header = json.loads(raw[:HEADER_LIMIT].split(b"\n", 1)[0].decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    recorded = header.get("sha256") if isinstance(header, dict) else None
    return recorded if isinstance(recorded, str) else None
