# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Reading the purge journal back (JSON Lines written by journal.Journal), for a restore.

A line cut by a crash or a full disk (it stops before its closing brace) names no deleted
message: a message is deleted only after its whole line is fsynced. Such torn lines are
counted and skipped, wherever they are (the next run starts on a new line after one). Any
other unreadable line means the file is not what the purge wrote: the restore stops, naming
the file and the line, rather than guess what it said.
"""

from __future__ import annotations

import json
import os

from ansible_collections.mssante.hygiene.plugins.module_utils.fr_text import os_reason
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.errors import ConfigError

JOURNAL_SUFFIX = ".jsonl"
# field -> type every journal line has (older lines may lack the others: flags before 0.6.0)
REQUIRED = (("run_id", str), ("mailbox", str), ("folder", str), ("uidvalidity", int), ("uid", int))


def journal_files(path, parameter="journal_path"):
    """The journal files `path` names: itself, or the *.jsonl files of a directory (the roles' journal/)."""
    if os.path.isdir(path):
        names = sorted(name for name in os.listdir(path) if name.endswith(JOURNAL_SUFFIX))
        return [os.path.join(path, name) for name in names]
    if os.path.isfile(path):
        return [path]
    raise ConfigError("%s : ni fichier ni répertoire de journal à %s ; donnez le journal de la purge "
                      "(journal_path de mailstore_purge) ou le répertoire journal/ des rôles" % (parameter, path),
                      parameter=parameter)


def _problem(record):
    """Why a parsed line is not a journal line, or ''."""
    if not isinstance(record, dict):
        return "ce n'est pas un objet JSON"
    for name, kind in REQUIRED:
        value = record.get(name)
        if not isinstance(value, kind) or isinstance(value, bool):
            return "champ « %s » absent ou invalide" % name
    if not isinstance(record.get("flags", []), list):
        return "champ « flags » invalide"
    return ""


def _torn(line):
    """A line the writer never finished: a JSON object cut before its closing brace."""
    return line.startswith(b"{") and not line.rstrip().endswith(b"}")


def read_records(path, parameter="journal_path", kind="journal"):
    """(records, torn) of one journal file (`kind`: its name in messages); `torn` lists 'file:line'
    of the cut lines skipped."""
    records, torn = [], []
    try:
        with open(path, "rb") as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                where = "%s:%d" % (path, number)
                try:
                    record = json.loads(line.decode("utf-8"))
                except ValueError:
                    if _torn(line):
                        torn.append(where)
                        continue
                    record = None
                problem = _problem(record) if record is not None else "JSON illisible"
                if problem:
                    raise ConfigError("%s : ligne %d du %s %s illisible (%s) : ce fichier n'est pas tel "
                                      "que le module l'a écrit ; corrigez ou retirez cette ligne, puis relancez"
                                      % (parameter, number, kind, path, problem), parameter=parameter)
                records.append(record)
    except OSError as exc:
        raise ConfigError("%s : lecture impossible du %s %s : %s" % (parameter, kind, path, os_reason(exc)),
                          parameter=parameter) from None
    return records, torn


def message_key(record):
    """What names one message of a run in the journal, the ledger and the export."""
    return record["mailbox"], record["folder"], record["uidvalidity"], record["uid"]


def run_messages(records, run_id, mailboxes=None):
    """The messages run `run_id` deleted, in journal order, once each, minus the ones the server kept.

    A message the server refused to delete has its line and then an `event: kept` line; a
    journal line written again for the same message (a rerun after a crash) counts once.
    """
    wanted = set(mailboxes) if mailboxes else None
    mine = [r for r in records if r["run_id"] == run_id and (wanted is None or r["mailbox"] in wanted)]
    kept = set(message_key(r) for r in mine if r.get("event") == "kept")
    found = {}
    for record in mine:
        key = message_key(record)
        if not record.get("event") and key not in kept and key not in found:
            found[key] = record
    return list(found.values())


def known_runs(records, limit=5):
    """The latest run ids of the journal (the most recent first), to help the person who typed one wrong."""
    latest = {}
    for record in records:
        latest[record["run_id"]] = max(latest.get(record["run_id"], ""), str(record.get("at", "")))
    return [run for run, _at in sorted(latest.items(), key=lambda item: item[1], reverse=True)[:limit]]
