# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What mailstore_info and mailstore_purge do, from their parameters to their result dict."""

from __future__ import annotations

import datetime as dt
import json
import uuid

from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.argspec import info_spec, purge_spec
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.backends import (
    backend_for, can_list, keeps_selection, run_context)
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.documents_cache import DocumentsCache
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.errors import CannotListError, ConfigError
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.journal import Journal
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.export import run_id_problem
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.mailboxes import normalize
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.patient_documents import document_options
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.progress import progress_for
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.purge import PurgeRun
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.purge_table import purge_table
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.rules import parse_rules
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.safety import run_refusal
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.selection_plan import SelectionPlan
from ansible_collections.mssante.hygiene.plugins.module_utils.inventory_snapshot import parse_max_age
from ansible_collections.mssante.hygiene.plugins.module_utils.options import options_from
from ansible_collections.mssante.hygiene.plugins.module_utils.fr_text import os_reason
from ansible_collections.mssante.hygiene.plugins.module_utils.phase_timer import PhaseTimer


def failed_mailbox_count(failures):
    """Mailboxes in `failures` (one mailbox may fail on several folders or steps)."""
    return len(set(failure["mailbox"] for failure in failures))


def too_many_failures(failures, total, threshold):
    """Past the threshold (a share of the mailboxes) the module fails; all of them failed always does."""
    failed = failed_mailbox_count(failures)
    return bool(failed) and total > 0 and (failed >= total or float(failed) / total > threshold)


def _discover(backend, entries):
    """Add every mailbox the server knows (mailboxes no directory owns must be audited too)."""
    known = {entry["login"] for entry in entries}
    return entries + [{"login": login, "type": "", "service": ""}
                      for login in backend.list_users() if login not in known]


def _warnings_into(warnings):
    return warnings.append if warnings is not None else (lambda message: None)


def run_info(params, ssl_context=None, check_mode=False, warnings=None):
    """mailstore_info's result from its options (see argspec.info_spec); `ssl_context`: the module's;
    French warnings for the console are appended to `warnings` (a list)."""
    params = options_from(info_spec(), params)
    timer = PhaseTimer()
    entries = normalize(params["mailboxes"])
    documents = document_options(params["patient_documents"])  # measured only when asked
    if params["discover"] and not can_list(params):
        raise CannotListError()  # before anything else: the option the user must change
    with timer.phase("setup"):
        backend = backend_for(params, run_context(params, ssl_context))
    if params["discover"]:
        with timer.phase("discover"):
            entries = _discover(backend, entries)  # a backend that cannot list says so (ConfigError)
    progress = progress_for(params["progress_path"], len(entries), _warnings_into(warnings), check_mode,
                            label=params["progress_label"])
    cache = documents_cache(params, backend, documents, warnings)
    with timer.phase("sweep"):
        mailboxes, failures = backend.stats(entries, documents, progress, cache)
    # a login the server does not know is a fact (the mailbox does not exist), not a failure
    absent = sorted(f["mailbox"] for f in failures if f.get("absent"))
    evidence = {f["mailbox"]: f.get("evidence") or "absente de la liste des utilisateurs de la plateforme "
                "(%s)" % f.get("error", "") for f in failures if f.get("absent")}
    failures = [f for f in failures if not f.get("absent")]
    progress.finish(failures=failed_mailbox_count(failures))
    result = {"mailboxes": mailboxes, "failures": sorted(failures, key=lambda f: f["mailbox"]),
              "absent": absent, "absent_evidence": evidence, "listed_all": bool(params["discover"])}
    if cache is not None:
        if not check_mode:
            with timer.phase("documents_cache"):
                cache.save(f["mailbox"] for f in failures)
        result["documents_cache"] = cache.summary()
    return dict(result, timings=timer.timings())


def documents_cache(params, backend, documents, warnings):
    """The per-folder memory of patient documents (documents counted, state_dir given), or None."""
    if not (documents and params["state_dir"]):
        return None
    return DocumentsCache(params["state_dir"], backend.memory_server, documents, _warnings_into(warnings))


def _entry_key(entry):
    return entry["mailbox"], entry.get("folder", ""), entry.get("rule", "")


def run_purge(params, check_mode, diff, ssl_context=None, warnings=None):
    """mailstore_purge's result from its options (see argspec.purge_spec); `ssl_context`: the module's;
    French warnings for the console are appended to `warnings` (a list)."""
    params = options_from(purge_spec(), params)
    timer = PhaseTimer()  # wall phases here, the workers' summed phases through PurgeRun
    entries = normalize(params["mailboxes"])
    rules = parse_rules(params["rules"])
    documents = document_options(params["patient_documents"], required=True)  # rules keep them by default
    context = run_context(params, ssl_context)
    now = dt.datetime.now(dt.timezone.utc)
    run_id = params["run_id"] or "%s-%s" % (now.strftime("%Y%m%dT%H%M%SZ"), uuid.uuid4().hex[:8])
    problem = run_id_problem(run_id)
    if problem:
        raise ConfigError(problem)
    refusal = ""

    selection = None
    if params["plan_path"] and keeps_selection(params):
        max_age = parse_max_age(params["plan_max_age"], "plan_max_age")
        logins = [entry["login"] for entry in entries]

        def selection():  # the module's check mode writes the plan, a real call reads it
            return SelectionPlan(params["plan_path"], logins, check_mode, max_age, now.astimezone().date(),
                                 settings=json.dumps(params["patient_documents"], sort_keys=True, default=str))

    def progress(label):  # a pass's progress file, fed by that pass's own tallies
        label = " ".join(part for part in (params["progress_label"], label) if part)
        return lambda counts: progress_for(params["progress_path"], len(entries), _warnings_into(warnings),
                                           check_mode, label=label, counts=counts)

    if not check_mode and rules and entries and params["max_run_delete_ratio"] < 1.0:
        # the run-level cap needs the whole run's plan before the first deletion: a dry run first
        with timer.phase("preview"):
            preview = _run(params, context, entries, rules, True, run_id, now, diff, documents, timer,
                           progress("contrôle préalable"), selection)
        refusal = run_refusal(*preview.run_share(), limit=params["max_run_delete_ratio"])
        if refusal:
            for entry in preview.selected:
                if entry["status"] == "would_delete":
                    entry.update(status="refused", reason=refusal)
            return _result(preview, rules, entries, run_id, refusal, check_mode, diff, timer)
    with timer.phase("run"):
        run = _run(params, context, entries, rules, check_mode, run_id, now, diff, documents, timer, progress(""),
                   selection)
    return _result(run, rules, entries, run_id, refusal, check_mode, diff, timer)


def _journal(path):
    """The journal (None in check mode); a path it cannot open fails the call, naming it."""
    try:
        return Journal(path)
    except OSError as exc:
        raise ConfigError("journal_path : impossible de créer ou d'ouvrir le journal %s : %s" % (path, os_reason(exc)))


def _run(params, context, entries, rules, check_mode, run_id, now, diff, documents=None, timer=None,
         progress=None, selection=None):
    journal = _journal(None if check_mode else params["journal_path"])
    run = PurgeRun(check_mode, journal, export_dir=params["export_dir"],
                   max_delete_ratio=params["max_delete_ratio"], run_id=run_id,
                   with_uids=diff, now=now, documents=documents, timer=timer)
    if progress is not None:
        run.progress = progress(run.progress_counts)
    if selection is not None and rules and entries:
        run.selection = selection()
    try:
        if rules and entries:
            backend_for(params, context).purge(entries, rules, run)
    finally:
        journal.close()
    if run.selection is not None:
        run.selection.finish(check_mode)
    run.progress.finish()
    return run


def _result(run, rules, entries, run_id, refusal, check_mode, diff, timer=None):
    summary = run.summary(len(entries))
    summary["target_messages"] = run.run_share()[1]
    result = {"run_id": run_id, "rules": [rule.as_dict() for rule in rules],
              "selected": sorted(run.selected, key=_entry_key), "deleted": sorted(run.deleted, key=_entry_key),
              "failures": sorted(run.failures, key=_entry_key), "summary": summary,
              "folder_presence": run.presence.counts(run.failed_mailboxes()),
              "timings": (timer or run.timer).timings()}
    if refusal:
        result["run_refused"] = refusal
    if run.selection is not None:
        result["selection_plan"] = run.selection.as_dict()
    if run.journal.repaired:
        result["journal_repaired"] = True
    if diff:
        result["diff"] = {"prepared": purge_table(result["selected"], check_mode, len(entries), refusal,
                                                  kept_documents=run.kept_documents_by_rule())}
    return result
