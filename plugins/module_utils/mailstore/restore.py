# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Undo a purge run: what mailstore_restore does, from its options to its result dict.

The journal says what run `run_id` deleted (lines the server kept are left out), the `.eml`
export holds each message as it was, the restore ledger which ones already came back. Each
mailbox gets one IMAP session (restore_imap.py), `concurrency` at once; check mode reads the
journal, the ledger and the export, EXAMINEs the folders and writes nothing.
"""

from __future__ import annotations

import os

from ansible_collections.mssante.hygiene.plugins.module_utils.fr_text import joined
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.argspec import restore_spec
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.backends import run_context
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.errors import ConfigError
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.export import run_id_problem
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.imap import run_pool
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.imap_backend import imap_settings
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.journal_read import (
    journal_files, known_runs, read_records, run_messages)
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.mailboxes import normalize
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.restore_imap import restore_mailbox
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.restore_ledger import (
    ledger_path, open_ledger, restored_keys)
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.restore_run import RestoreRun
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.restore_table import restore_lines, restore_table
from ansible_collections.mssante.hygiene.plugins.module_utils.options import options_from


def _journal(params):
    """(records of every journal file, torn lines skipped)."""
    records, torn = [], []
    for path in journal_files(params["journal_path"]):
        found, cut = read_records(path)
        records += found
        torn += cut
    return records, torn


def _selection(params, records):
    """(messages of the run to restore, mailboxes asked for that lost nothing in it)."""
    run_id = params["run_id"]
    if not any(record["run_id"] == run_id for record in records):
        runs = known_runs(records)
        raise ConfigError("run_id : aucune ligne du journal %s pour l'exécution « %s » ; %s" % (
            params["journal_path"], run_id,
            "exécutions les plus récentes : %s" % joined(runs) if runs else "ce journal est vide"),
            parameter="run_id")
    logins = [entry["login"] for entry in normalize(params["mailboxes"])]
    messages = run_messages(records, run_id, logins)
    touched = set(record["mailbox"] for record in messages)
    return messages, [login for login in logins if login not in touched]


def _settings(params, context):
    """IMAP settings, whatever `backend` says (see restore_imap.py for why)."""
    if params["backend"] != "imap" and not (params["host"] and (
            params["mailbox_passwords"] or params["oauth"] or (params["admin_user"] and params["admin_password"]))):
        raise ConfigError("host : la restauration remet les messages par IMAP (APPEND : message, drapeaux et "
                          "date de réception d'un seul coup), même avec backend: %s ; donnez host, admin_user "
                          "et admin_password (compte maître Dovecot)" % params["backend"], parameter="host")
    return imap_settings(params, context)


def run_restore(params, check_mode, diff, ssl_context=None):
    """mailstore_restore's result from its options (see argspec.restore_spec); `ssl_context`: the module's."""
    params = options_from(restore_spec(), params)
    problem = run_id_problem(params["run_id"])
    if problem:
        raise ConfigError(problem, parameter="run_id")
    records, torn = _journal(params)
    messages, untouched = _selection(params, records)
    run_id, export_dir = params["run_id"], params["export_dir"]
    if messages and not os.path.isdir(os.path.join(export_dir, run_id)):
        raise ConfigError("export_dir : aucun export de l'exécution « %s » sous %s : sans copie .eml, rien ne "
                          "peut être restauré (la purge avait-elle export_dir, ou mssante_safety.export_eml ?)"
                          % (run_id, export_dir), parameter="export_dir")
    ledger_file = ledger_path(params["journal_path"], run_id)
    run = RestoreRun(check_mode, run_id, export_dir, restored_keys(ledger_file))
    by_mailbox = {}
    for record in messages:
        by_mailbox.setdefault(record["mailbox"], []).append(record)
    if by_mailbox:
        settings = _settings(params, run_context(dict(params, backend="imap"), ssl_context))
        run.ledger = None if check_mode else open_ledger(ledger_file)

        def work(login):
            restore_mailbox(settings, login, by_mailbox[login], run)

        try:
            for login, _nothing, error in run_pool(sorted(by_mailbox), work, params["concurrency"]):
                if error:
                    run.fail(login, error)
        finally:
            if run.ledger is not None:
                run.ledger.close()
    return _result(run, messages, torn, untouched, diff)


def _order(entry):
    return entry["mailbox"], entry.get("folder", ""), entry.get("uid", 0)


def _result(run, messages, torn, untouched, diff):
    order = _order
    folders = run.by_folder()
    summary = {"run_id": run.run_id, "messages": len(messages), "restored": len(run.restored),
               "skipped": len(run.skipped), "missing": len(run.missing),
               "failures": len(set(failure["mailbox"] for failure in run.failures)),
               "mailboxes": len(set(record["mailbox"] for record in messages)),
               "created_folders": len(run.created_folders),
               "without_flags": sum(1 for record in messages if "flags" not in record),
               "torn_lines": len(torn)}
    result = {"run_id": run.run_id, "restored": sorted(run.restored, key=order),
              "already_back": sorted(run.skipped, key=order), "missing": sorted(run.missing, key=order),
              "failures": sorted(run.failures, key=order), "created_folders": sorted(run.created_folders, key=order),
              "folders": folders, "summary": summary, "unknown_mailboxes": untouched,
              "lines": restore_lines(summary, run.check_mode)}
    if diff:
        result["diff"] = {"prepared": restore_table(folders, summary, run.check_mode)}
    return result
