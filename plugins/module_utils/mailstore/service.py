# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What mailstore_info and mailstore_purge do, from their parameters to their result dict."""

from __future__ import annotations

import datetime as dt
import uuid

from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.doveadm import (
    DoveadmBackend, make_runner)
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.errors import ConfigError
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.imap import ImapSettings
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.journal import Journal
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.mailboxes import normalize
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.purge import PurgeRun, imap_purge
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.rules import parse_rules
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.stats import imap_stats
from ansible_collections.mssante.hygiene.plugins.module_utils.tls import client_context


def _imap_settings(params, context):
    if not params.get("host"):
        raise ConfigError("host is required with backend imap")
    if not params.get("mailbox_passwords") and not (params.get("admin_user") and params.get("admin_password")):
        raise ConfigError("admin_user and admin_password are required (or mailbox_passwords)")
    return ImapSettings(params["host"], params.get("port"), params.get("security") or "tls",
                        params.get("admin_user"), params.get("admin_password"),
                        login_form=params.get("admin_login_form") or "authzid",
                        master_separator=params.get("master_separator") or "*",
                        mailbox_passwords=params.get("mailbox_passwords"),
                        ssl_context=context, timeout=params.get("timeout") or 30)


def _context(params):
    if params.get("security") == "none" and params.get("backend", "imap") == "imap":
        return None
    return client_context(params.get("validate_certs", True), params.get("ca_path"))


def _doveadm(params, context):
    return DoveadmBackend(make_runner(params, context), folder_roles=params.get("folder_roles"),
                          last_login_dict=params.get("last_login_dict"))


def too_many_failures(failures, total, threshold):
    """Past the threshold (a share of the mailboxes) the module fails."""
    return bool(failures) and total > 0 and float(len(failures)) / total > threshold


def run_info(params):
    entries = normalize(params.get("mailboxes"))
    context = _context(params)
    if params.get("backend") == "doveadm":
        mailboxes, failures = _doveadm(params, context).stats(entries)
    else:
        mailboxes, failures = imap_stats(_imap_settings(params, context), entries,
                                         params.get("concurrency") or 8)
    return {"mailboxes": mailboxes, "failures": sorted(failures, key=lambda f: f["mailbox"])}


def run_purge(params, check_mode, diff):
    entries = normalize(params.get("mailboxes"))
    rules = parse_rules(params.get("rules"))
    context = _context(params)
    now = dt.datetime.now(dt.timezone.utc)
    run_id = params.get("run_id") or "%s-%s" % (now.strftime("%Y%m%dT%H%M%SZ"), uuid.uuid4().hex[:8])
    journal = Journal(None if check_mode else params.get("journal_path"))
    run = PurgeRun(check_mode, journal, export_dir=params.get("export_dir"),
                   max_delete_ratio=params.get("max_delete_ratio", 1.0), run_id=run_id,
                   with_uids=diff, now=now)
    try:
        if rules and entries:
            if params.get("backend") == "doveadm":
                _doveadm(params, context).purge(entries, rules, run)
            else:
                imap_purge(_imap_settings(params, context), entries, rules, run,
                           params.get("concurrency") or 8)
    finally:
        journal.close()
    key = lambda e: (e["mailbox"], e.get("folder", ""), e.get("rule", ""))  # noqa: E731
    return {"run_id": run_id, "rules": [rule.as_dict() for rule in rules],
            "selected": sorted(run.selected, key=key), "deleted": sorted(run.deleted, key=key),
            "failures": sorted(run.failures, key=key), "summary": run.summary(len(entries))}
