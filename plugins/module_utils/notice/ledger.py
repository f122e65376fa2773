# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The notice ledger (`notices.json` in the state directory): which owner was told what, and when.

owner_notice writes it (a rerun tells nobody the same thing twice within the interval);
operator_request reads the announcements (a liste rouge or deletion is asked for only once the
owner has been told for `notice_delay_days`); bal_audit shows it in the report.

One entry per (BAL address, finding code):
  address, code; announces: "liste_rouge" | "suppression" | "" (what the notice announced);
  first_told / last_told: ISO 8601 UTC of the first / latest delivered notice ("" = never);
  due: ISO date the notice gave the owner: to act by, else from which the announced liste rouge or
  deletion may be requested ("" when none); recipients; message_id;
  unreachable: "" | "optout" | "no_recipient" and noted: ISO 8601 UTC of the first run that could
  not tell anyone (the delay then runs from there, so a BAL nobody can be told about never waits
  forever).
Plus `failures`: recipient -> {at, error, attempts} of the last failed delivery (retried next run).

Same guarantees as the request ledger: a corrupt file is an error naming it, never reset; writes
are atomic (write_atomic); callers hold the state directory's StateLock (state_lock.py) to modify it.
"""

from __future__ import annotations

import datetime as dt
import json
import os

from ansible_collections.mssante.hygiene.plugins.module_utils.errors import MssanteError
from ansible_collections.mssante.hygiene.plugins.module_utils.files import write_if_changed
from ansible_collections.mssante.hygiene.plugins.module_utils.fr_text import os_reason, quoted
from ansible_collections.mssante.hygiene.plugins.module_utils.versioned_json import NotAStateFile, OtherVersion, read_versioned

SCHEMA_VERSION = 1
NOTICES_NAME = "notices.json"
ANNOUNCES = ("", "liste_rouge", "suppression")
UNREACHABLE = ("", "optout", "no_recipient")
_FIELDS = {"address": "", "code": "", "announces": "", "first_told": "", "last_told": "", "due": "",
           "recipients": [], "message_id": "", "unreachable": "", "noted": ""}


class NoticeLedgerError(MssanteError):
    """The notice ledger cannot be read or written; the message names the file."""


def path_in(state_dir):
    return os.path.join(state_dir, NOTICES_NAME)


def empty():
    return {"schema_version": SCHEMA_VERSION, "items": {}, "failures": {}}


def item_key(address, code):
    return "%s|%s" % (address.strip().lower(), code)


def _corrupt(path, why):
    return NoticeLedgerError(
        "registre des préavis %s corrompu (%s) ; il est laissé tel quel : restaurez-le depuis une sauvegarde "
        "ou réparez-le à la main (le supprimer ferait prévenir à nouveau tous les titulaires et repartir les "
        "délais de préavis de zéro)" % (path, why))


def parse(raw, path):
    try:
        data = read_versioned(raw, "items", SCHEMA_VERSION)
    except OtherVersion as exc:
        raise NoticeLedgerError("registre des préavis %s en schema_version %s ; cette version de la collection "
                                "ne lit que la version %d" % (path, quoted(exc.found), SCHEMA_VERSION))
    except NotAStateFile as exc:
        raise _corrupt(path, str(exc))
    items = {}
    for index, item in enumerate(data["items"]):
        if (not isinstance(item, dict) or not item.get("address") or not item.get("code")
                or item.get("announces", "") not in ANNOUNCES or item.get("unreachable", "") not in UNREACHABLE):
            raise _corrupt(path, "l'entrée %d de « items » n'est pas un préavis" % index)
        entry = dict(_FIELDS, **{k: v for k, v in item.items() if k in _FIELDS})
        items[item_key(entry["address"], entry["code"])] = entry
    failures = data.get("failures", {})
    if not isinstance(failures, dict):
        raise _corrupt(path, "« failures » n'est pas un dictionnaire")
    return {"schema_version": SCHEMA_VERSION, "items": items, "failures": dict(failures)}


def load(state_dir):
    """The ledger of `state_dir`; an empty one when the file does not exist yet. Reads only."""
    path = path_in(state_dir)
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except FileNotFoundError:
        return empty()
    except OSError as exc:
        raise NoticeLedgerError("registre des préavis %s illisible : %s" % (path, os_reason(exc)))
    return parse(raw, path)


def dump(ledger):
    items = [ledger["items"][k] for k in sorted(ledger["items"])]
    document = {"schema_version": SCHEMA_VERSION, "items": items, "failures": ledger.get("failures", {})}
    return (json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def save(state_dir, ledger):
    """Write the ledger when its bytes differ; True when written. Hold the StateLock."""
    path = path_in(state_dir)
    try:
        return write_if_changed(path, dump(ledger))
    except OSError as exc:
        raise NoticeLedgerError("écriture du registre des préavis %s impossible : %s (state_dir)"
                                % (path, os_reason(exc)))


def _parse_time(value):
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00")) if value else None


def is_due(ledger, address, code, now, interval_days):
    """True when the owner was never told of this, or last told `interval_days` ago or more. A BAL
    noted unreachable but never told is due at every run: a contact may have been added since."""
    entry = ledger["items"].get(item_key(address, code))
    last = _parse_time(entry["last_told"]) if entry is not None else None
    return last is None or now - last >= dt.timedelta(days=interval_days)


def _entry(ledger, address, code, announces):
    entry = ledger["items"].setdefault(item_key(address, code),
                                       dict(_FIELDS, address=address.strip().lower(), code=code, recipients=[]))
    entry["announces"] = announces or ""
    return entry


def record_told(ledger, address, code, now, announces="", due="", recipients=(), message_id=""):
    """The notice was accepted by the SMTP server for every recipient."""
    entry = _entry(ledger, address, code, announces)
    stamp = now.isoformat()
    entry.update(first_told=entry["first_told"] or stamp, last_told=stamp, due=due or "",
                 recipients=sorted(set(recipients)), message_id=message_id, unreachable="")
    return entry


def record_unreachable(ledger, address, code, now, reason, announces=""):
    """Nobody can be told (opt-out, no recipient): noted once, so the delay can start."""
    if reason not in UNREACHABLE[1:]:
        raise ValueError("reason doit valoir optout ou no_recipient, reçu %s" % quoted(reason))
    entry = _entry(ledger, address, code, announces)
    entry["unreachable"] = reason
    entry["noted"] = entry["noted"] or now.isoformat()
    return entry


def forget_resolved(ledger, current_keys):
    """Drop the entries whose finding is gone (the owner reconnected...): if it comes back, the
    owner is told again and any delay starts again. Returns the removed keys."""
    gone = sorted(set(ledger["items"]) - set(current_keys))
    for key in gone:
        del ledger["items"][key]
    return gone


def announced_at(ledger, address, kind):
    """When the owner of `address` was first told of `kind` (liste_rouge | suppression), or found
    unreachable; None when never. The earliest over the BAL's findings that announce it."""
    address = address.strip().lower()
    stamps = [_parse_time(e["first_told"] or e["noted"]) for e in ledger["items"].values()
              if e["address"] == address and e["announces"] == kind and (e["first_told"] or e["noted"])]
    return min(stamps) if stamps else None


def wait_ends(told, delay_days):
    """The first day a request announced at `told` (announced_at) may be sent: `delay_days` UTC
    calendar days later. The notice announces this date; operator_request holds the BAL until it."""
    return told.date() + dt.timedelta(days=delay_days)
