# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The restore ledger: which messages of a purge run were already put back.

One JSON Lines file per run, `<journal directory>/restores/<run_id>.jsonl` (0600, directory
0700), written like the journal (journal.Journal: fsynced, torn lines survived). A line is
written once the server accepted the APPEND, so a rerun skips that message even when it has no
Message-ID to search for. The directory is below the journal's, never among the journals a
restore reads.
"""

from __future__ import annotations

import os

from ansible_collections.mssante.hygiene.plugins.module_utils.fr_text import os_reason
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.errors import ConfigError
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.journal import Journal
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.journal_read import (
    message_key, read_records)

LEDGER_DIR = "restores"


def ledger_path(journal_path, run_id):
    """The ledger of `run_id` beside the journal(s) `journal_path` names (a file or the journal directory)."""
    directory = journal_path if os.path.isdir(journal_path) else os.path.dirname(os.path.abspath(journal_path))
    return os.path.join(directory, LEDGER_DIR, "%s.jsonl" % run_id)


def restored_keys(path):
    """message_key() of every message the ledger at `path` says is back (empty when there is none yet)."""
    if not os.path.exists(path):
        return set()
    records, _torn = read_records(path, kind="registre des restaurations")
    return set(message_key(record) for record in records)


def open_ledger(path):
    """The ledger, opened for appending (created 0600 in a 0700 directory)."""
    try:
        return Journal(path)
    except OSError as exc:
        raise ConfigError("journal_path : impossible de créer le registre des restaurations %s : %s ; rien "
                          "n'a été restauré" % (path, os_reason(exc)), parameter="journal_path") from None
