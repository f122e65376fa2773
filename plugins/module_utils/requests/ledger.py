# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The request ledger: the lifecycle of every BAL's liste rouge / deletion request.

One JSON file per state directory (`ledger.json`, mode 0600) holding a schema version and one
Request record per (kind, address). It is the memory of the process: losing it means asking
the operator twice, so it is never reset silently. A corrupt file is an error naming the file;
writes go through a temp file in the same directory, fsync, rename, fsync of the directory, so
a crash at any point leaves either the old or the new ledger, never a torn one. The state
directory's lock (state_lock.StateLock) keeps two runs apart.
"""

from __future__ import annotations

import json
import os

from ansible_collections.mssante.hygiene.plugins.module_utils.errors import MssanteError
from ansible_collections.mssante.hygiene.plugins.module_utils.files import write_if_changed
from ansible_collections.mssante.hygiene.plugins.module_utils.fr_text import os_reason, quoted
from ansible_collections.mssante.hygiene.plugins.module_utils.versioned_json import NotAStateFile, OtherVersion, read_versioned
from ansible_collections.mssante.hygiene.plugins.module_utils.records import Request

SCHEMA_VERSION = 1
LEDGER_NAME = "ledger.json"
KINDS = ("liste_rouge", "suppression")
STATES = ("pending", "confirmed", "withdrawn")


class LedgerError(MssanteError):
    """The ledger cannot be read, written or locked; the message names the file."""


def empty():
    return {"schema_version": SCHEMA_VERSION, "requests": {}, "sent": {}}


def key(kind, address):
    return "%s:%s" % (kind, address.strip().lower())


def _corrupt(path, why):
    return LedgerError(
        "registre des demandes %s corrompu (%s) ; il est laissé tel quel : restaurez-le depuis une "
        "sauvegarde ou réparez-le à la main (le supprimer oublierait toutes les demandes déjà envoyées "
        "à l'opérateur)" % (path, why))


def parse(raw, path):
    """Ledger dict from the file bytes; LedgerError naming `path` when they are not a ledger."""
    try:
        data = read_versioned(raw, "requests", SCHEMA_VERSION)
    except OtherVersion as exc:
        raise LedgerError("registre des demandes %s en schema_version %s ; cette version de la collection ne "
                          "lit que la version %d" % (path, quoted(exc.found), SCHEMA_VERSION))
    except NotAStateFile as exc:
        raise _corrupt(path, str(exc))
    requests = {}
    for index, item in enumerate(data["requests"]):
        if (not isinstance(item, dict) or item.get("kind") not in KINDS or item.get("state") not in STATES
                or not item.get("address") or not isinstance(item.get("history", []), list)):
            raise _corrupt(path, "l'entrée %d de « requests » n'est pas une demande" % index)
        record = Request.from_dict(item)
        requests[key(record.kind, record.address)] = record
    sent = data.get("sent", {})
    if not isinstance(sent, dict):
        raise _corrupt(path, "« sent » n'est pas un dictionnaire")
    return {"schema_version": SCHEMA_VERSION, "requests": requests, "sent": dict(sent)}


def load(path):
    """The ledger at `path`; an empty one when the file does not exist yet."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except FileNotFoundError:
        return empty()
    except OSError as exc:
        raise LedgerError("registre des demandes %s illisible : %s" % (path, os_reason(exc)))
    return parse(raw, path)


def dump(ledger):
    """Deterministic bytes: requests sorted by kind then address, keys sorted."""
    records = [ledger["requests"][k].as_dict() for k in sorted(ledger["requests"])]
    document = {"schema_version": SCHEMA_VERSION, "requests": records, "sent": ledger.get("sent", {})}
    return (json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def save(path, ledger):
    """Write the ledger when its bytes differ; True when written."""
    try:
        return write_if_changed(path, dump(ledger))
    except OSError as exc:
        raise LedgerError("écriture du registre des demandes %s impossible : %s (state_dir)"
                          % (path, os_reason(exc)))


def remove_stale_temps(directory):
    """Remove temp files a killed run left behind; call it only while holding the lock."""
    prefix = ".%s." % LEDGER_NAME
    for name in os.listdir(directory):
        if name.startswith(prefix) and name.endswith(".tmp"):
            os.unlink(os.path.join(directory, name))
