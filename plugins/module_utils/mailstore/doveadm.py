# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The native Dovecot backend: doveadm on the mail host (CLI) or remotely (HTTP API).

It works on chunks of users, several chunks at once, never one session per mailbox. For a
chunk: a status pass (folders present, UIDVALIDITY, counts, mailbox GUID) and a fetch pass
(what the rules select, with the journal fields) run concurrently; the plans are approved
(journal fsynced); then one expunge names exactly the approved UIDs of every user of the chunk
(`mailbox-guid G uid S` per user, OR-ed, on top of the rule's own query, so a message flagged
in between is kept). Transport details live in doveadm_run. SPECIAL-USE roles come from the
server configuration (doveconf) or from `folder_roles`.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from concurrent.futures import ThreadPoolExecutor

from ansible_collections.mssante.hygiene.plugins.module_utils.addresses import address_problem
from ansible_collections.mssante.hygiene.plugins.module_utils.fr_text import shown
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.doveadm_document_counts import ChunkCount, status_fields
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.doveadm_documents import (
    document_job, mdn_proofs, messages_by_user, notification_job, with_document_fields, without_private_fields)
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.doveadm_run import (
    MISSING_FOLDER, UNKNOWN_USER, CliRunner, HttpRunner)
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.errors import (
    CannotListError, ConfigError, MailstoreError, reason)
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.folders import special_use_name
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.imapwire import compress_uids
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.progress import NoProgress
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.purge import FolderPlan
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.selection_plan import folder_state
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.stats import fill_totals
from ansible_collections.mssante.hygiene.plugins.module_utils.records import MailboxStats

# 'mailbox': doveadm's `mailbox NAME` is a pattern ('*', '%' are wildcards, no escape exists),
# so each row says which folder it comes from and only the exact folder's rows are kept
FETCH_FIELDS = "uid mailbox flags hdr.message-id size.virtual date.saved.unixtime date.received.unixtime"  # journal
CHECK_FIELDS = "uid mailbox size.virtual"  # plus the date the rule compares (check_fields)
STATUS_FIELDS = "messages uidvalidity guid uidnext highestmodseq"  # the last two: selection_plan
STATS_FIELDS = "messages vsize unseen firstsaved guid"


def _iso(value):
    """A unix time, or doveadm's '2025-10-22 08:36:07' (local time of the doveadm host, no offset),
    -> ISO 8601 UTC ('...Z'), as the IMAP backend writes its dates."""
    if not value or value in ("-", "0"):
        return ""
    if str(value).isdigit():
        moment = dt.datetime.fromtimestamp(int(value), dt.timezone.utc)
    else:
        try:
            moment = dt.datetime.strptime(str(value), "%Y-%m-%d %H:%M:%S").astimezone()
        except ValueError:
            return ""  # never a date the reader cannot place in time
    return moment.astimezone(dt.timezone.utc).isoformat().replace("+00:00", "Z")


def _with_reused(answer, reused):
    """A fetch job's (rows, errors) plus the rows a selection plan gave for the users it skipped."""
    rows, errors = answer
    return (list(rows) + reused, errors) if reused else (rows, errors)


def _kept_rows(rows, facts):
    """Rows as a selection plan keeps them on disk: with the guard's verdict (already in `facts`,
    {login: [Message]}), never the Subject or the MIME structure."""
    documents = set((login, str(message.uid)) for login, messages in facts.items()
                    for message in messages if message.document)
    return [without_private_fields(row, (row.get("username"), str(row.get("uid"))) in documents) for row in rows]


def default_workers(cores=None):
    """doveadm passes run at once: two per core, at most 4. A pass waits on the disk and on this
    module's parsing of its answer as much as it computes: on 2 cores, 4 at once instead of 2 took
    5 s off the platform measure of a 10,000-BAL night and 3 s off its purge (bench_scale)."""
    return max(1, min(4, 2 * (cores or os.cpu_count() or 1)))


def chunk_size(count, workers):
    """Users per chunk: one chunk per worker (each doveadm process costs ~12 ms to start), 20..500."""
    return max(20, min(500, -(-count // workers)))


def check_fields(rule):
    """Check mode reads no header: sizes and the compared date only."""
    return "%s %s" % (CHECK_FIELDS, rule.doveadm_date_field())


def expunge_query(base_query, plans):
    """The rule's query restricted to exactly the planned UIDs of each user's folder."""
    clauses = []
    for plan in plans:
        if clauses:
            clauses.append("OR")
        clauses += ["(", "mailbox-guid", plan.guid, "uid", compress_uids(plan.uids), ")"]
    return list(base_query) + ["("] + clauses + [")"]


class DoveadmBackend:
    """Same rules, same results, same journal as the IMAP backend."""

    keeps_selection = True  # a preview's fetches can serve the real run (selection_plan)

    def __init__(self, runner, folder_roles=None, last_login_dict=None,
                 last_login_prefix="shared/last-login/", workers=None):
        self.runner = runner
        self.roles = role_names(folder_roles)
        self.last_login_dict = last_login_dict
        self.last_login_prefix = last_login_prefix
        self.separator = "/"
        self.workers = workers or default_workers()
        if isinstance(runner, CliRunner):
            roles, self.separator, last_login_dict = runner.server_settings()
            self.roles = self.roles or role_names(roles)
            self.last_login_dict = self.last_login_dict or last_login_dict
        # a folder name carries at most one role on a server (doveconf: one special_use per name)
        self.role_by_name = dict((name, role) for role, names in self.roles.items() for name in names)

    @classmethod
    def from_params(cls, params, context):
        if params["oauth"]:
            raise ConfigError("oauth : sans objet avec backend: doveadm (doveadm n'ouvre pas de session IMAP) ; "
                              "choisissez backend: imap pour une plateforme qui exige OAuth", parameter="oauth")
        return cls(make_runner(params, context), folder_roles=params["folder_roles"],
                   last_login_dict=params["last_login_dict"])

    @property
    def memory_server(self):
        """Which server a documents memory describes (documents_cache: another one is not reused)."""
        if isinstance(self.runner, CliRunner):
            return "doveadm %s" % (self.runner.config or "(configuration par défaut)")
        return "doveadm %s" % self.runner.url

    @staticmethod
    def networked(options):
        """Over the HTTP API (an API key given); the CLI runs on this host. `options` may be partial
        (the inventory's mssante_imap)."""
        return bool(options.get("doveadm_api_key"))

    @classmethod
    def can_list(cls, options):
        """Only the CLI on the mail host reads the whole userdb (the HTTP API has no user list)."""
        return not cls.networked(options)

    # --- targets -----------------------------------------------------------
    def _server_names(self, wanted):
        """([folder names on this server], role) of one entry of a rule's `folders`.

        A role gives every name the server declares for it: each user has some of them (Trash
        for Thunderbird users, Éléments supprimés for Outlook in French, sometimes both), and the
        status pass tells which, per user.
        """
        role = special_use_name(wanted)
        if role:
            if not self.roles.get(role):
                raise ConfigError("folder_roles : le backend doveadm ne sait pas quel dossier porte le rôle %s "
                                  "sur ce serveur ; donnez folder_roles (par exemple « %s: [Corbeille, Trash] »)" % (
                                      role, role))
            return self.roles[role], role
        if wanted.strip().upper() == "INBOX":
            return ["INBOX"], ""
        return [wanted.strip().replace("/", self.separator)], ""

    def _targets(self, rules):
        """[(rule index, server folder name, role, [`folders` entries as written])]."""
        targets = {}
        for index, rule in enumerate(rules):
            for wanted in rule.folders:
                names, role = self._server_names(wanted)
                for name in names:
                    targets.setdefault((index, name), (index, name, role, []))[3].append(wanted)
        return list(targets.values())

    def _role_of(self, name):
        return self.role_by_name.get(name, "")

    # --- purge -------------------------------------------------------------
    def _map_chunks(self, items, work):
        """[work(chunk)] over chunks of `items`, `workers` chunks at once, in order."""
        size = chunk_size(len(items), self.workers)
        parts = [items[i:i + size] for i in range(0, len(items), size)]
        with ThreadPoolExecutor(max_workers=self.workers) as pool:
            return list(pool.map(work, parts))

    def _usable(self, entries, fail):
        """Entries whose login doveadm reads as exactly one user; fail(login, why) for the others."""
        usable = []
        for entry in entries:
            problem = login_problem(entry["login"])
            if problem:
                fail(entry["login"], problem)
            else:
                usable.append(entry)
        return usable

    def purge(self, entries, rules, run):
        targets = self._targets(rules)
        usable = self._usable(entries, run.fail)
        if len(usable) < len(entries):
            run.progress.mailboxes_done(len(entries) - len(usable))
        entries = usable
        if entries:
            self._map_chunks(entries, lambda part: self._purge_chunk(part, rules, targets, run))

    def _purge_chunk(self, entries, rules, targets, run):
        try:
            self._plan_chunk(entries, rules, targets, run)
        except MailstoreError as exc:
            # doveadm unreachable, timed out or refusing the command: every BAL of the chunk
            # fails (nothing of it was approved yet), the run's failure_threshold decides
            for entry in entries:
                run.fail(entry["login"], "rien n'a été supprimé dans cette BAL : %s" % reason(exc))
        run.progress.mailboxes_done(len(entries))  # per chunk: doveadm answers for the whole chunk at once

    def _plan_chunk(self, entries, rules, targets, run):
        logins = [entry["login"] for entry in entries]
        by_login = {entry["login"]: entry for entry in entries}
        # only the target folders: opening INBOX too doubled the pass on cold indexes; an
        # unknown user is reported by doveadm itself ("User no longer exists")
        names = sorted(set(target[1] for target in targets))
        status_job = (["mailbox", "status", STATUS_FIELDS] + names, logins)
        # a plan to write (preview) or to read (real run); without one, both passes run at once
        plan = run.selection if run.selection is not None and run.selection.active else None
        # the status pass goes first (then only the folders a user has are fetched) when:
        # - over HTTP with more folder names than rules (a role named Trash and Éléments supprimés):
        #   each (user, folder) is one command there (check mode, 300 BAL: ~4.5 s -> ~3 s);
        # - with a selection plan: a state read before the fetch is what makes the fetch reusable
        # otherwise both passes run at once (the CLI pays per process)
        states, known, first = {}, None, None
        if plan is not None or (isinstance(self.runner, HttpRunner)
                                and len(names) > len(set(target[0] for target in targets))):
            with run.timer.phase("select_summed"):
                first = self.runner.run_many([status_job])[0]
            known = set((row["username"], row["mailbox"]) for row in first[0])
            states = dict(((row["username"], row["mailbox"]), folder_state(row)) for row in first[0])
        # (target, fetch command, users fetched live, its position in `jobs` or None, rows the plan gave)
        jobs, work = [] if known is not None else [status_job], []
        for index, name, role, as_written in targets:
            users = [entry["login"] for entry in entries if rules[index].applies_to(entry)
                     and (known is None or (entry["login"], name) in known)]
            if not users and known is None:
                continue
            query = rules[index].doveadm_query(name, run.today)
            # the journal's fields; a preview without a plan to keep reads no header
            fields = FETCH_FIELDS if (plan is not None or not run.check_mode) else check_fields(rules[index])
            if self._guarded(rules[index], run):  # the guard reads its fields in the same pass
                fields = with_document_fields(fields)
            args = ["fetch", fields] + query
            reused, users = plan.split(args, users, name, states) if plan is not None else ([], users)
            if users:
                jobs.append((args, users))
            work.append(((index, name, role, as_written, query), args, users, len(jobs) - 1 if users else None, reused))
        with_mdn = bool(run.documents and run.documents.mdn and any(
            rule.patient_documents == "integrated" for rule in rules))
        with run.timer.phase("select_summed"):
            answers = self.runner.run_many(jobs + ([notification_job(logins)] if with_mdn else [])) \
                if jobs or with_mdn else []
        notifications = answers.pop()[0] if with_mdn else []
        if known is None:
            first = answers[0]  # the status job ran with the fetches
        # each target's answer: its fetch job's (a position in `jobs`), plus what the plan gave
        results = [first] + [_with_reused(answers[position] if position is not None else ([], {}), reused)
                             for _target, _args, _users, position, reused in work]
        status, failed = self._status(logins, *results[0])
        for login, error in failed.items():
            run.fail(login, error)
        proven = mdn_proofs(self.runner, messages_by_user(notifications, run.documents, _iso)) if with_mdn else {}
        taken, candidates, seen_folders = {}, [], {}
        for ((index, name, role, as_written, query), args, users, _position, _reused), (rows, errors) \
                in zip(work, results[1:]):
            rule = rules[index]
            for login, error in errors.items():
                if error.startswith(MISSING_FOLDER) and (login, name) not in status:
                    continue  # the user has the role under another name (or not at all)
                if login not in failed:
                    failed[login] = error
                    run.fail(login, error)
            plans = {}
            facts = messages_by_user(rows, run.documents, _iso, folder=name) if self._guarded(rule, run) else {}
            if plan is not None and plan.writing:
                plan.record(args, name, users, _kept_rows(rows, facts) if self._guarded(rule, run) else rows,
                            errors, states)
            for row in rows:
                login = row.get("username")
                if login in failed or (login, name) not in status or row.get("mailbox") != name:
                    continue  # a row of another folder the name matched as a pattern
                uid = int(row["uid"])
                seen = taken.setdefault((login, name), set())
                if uid not in seen:
                    seen.add(uid)
                    plans.setdefault(login, {})[uid] = _meta(row)
            for login in logins:
                if login in failed or not rule.applies_to(by_login[login]):
                    continue
                present = (login, name) in status
                for written in as_written:
                    # a role is found when ANY of its names is there
                    key = (login, index, written)
                    seen_folders[key] = seen_folders.get(key, False) or present
                if not present:
                    continue  # no such folder in this mailbox: nothing to do there
                run.observe(login, name, int(status[(login, name)]["messages"]))
                if login not in plans:
                    continue
                meta = plans[login]
                if self._guarded(rule, run):  # before the safety caps: a kept document is not selected
                    meta, kept = run.documents.guard(meta, facts.get(login, []), rule.patient_documents,
                                                     proven.get(login, frozenset()))
                    run.documents_kept(login, name, rule, kept)
                    if not meta:
                        continue
                folder = status[(login, name)]
                candidates.append((query, FolderPlan(
                    login, name, role or self._role_of(name), rule, int(folder["uidvalidity"]),
                    int(folder["messages"]), meta, guid=folder["guid"])))
        for (login, index, written), present in seen_folders.items():
            if login not in failed:
                run.folder_seen(login, rules[index], written, present)
        # a mailbox that failed on a later rule keeps everything, as over IMAP
        candidates = [(query, plan) for query, plan in candidates if plan.mailbox not in failed]
        fetchers = [(plan, self._raw_fetcher(plan.mailbox, plan.guid)) for _query, plan in candidates]
        try:
            approved = set(id(plan) for plan in run.approve_many(fetchers))
        except (OSError, MailstoreError) as exc:
            for _query, plan in candidates:
                run.fail(plan.mailbox, "écriture impossible dans le journal (journal_path) ou l'export "
                                       "(export_dir), rien n'a été supprimé : %s" % reason(exc))
            return
        approved = [(query, plan) for query, plan in candidates if id(plan) in approved]
        if approved:
            self._expunge(approved, run)

    @staticmethod
    def _guarded(rule, run):
        return bool(run.documents) and rule.patient_documents != "ignore"

    @staticmethod
    def _status(logins, rows, errors):
        """{(login, folder): status row} and {login: error}; a user without the folder is no error.

        Given several names doveadm lists those that exist; given one, it reports a missing one
        as an error ("Mailbox doesn't exist", HTTP exit code 68): that is an absence too.
        """
        found = {(row["username"], row["mailbox"]): row for row in rows}
        failed = {login: errors[login] for login in logins
                  if login in errors and not errors[login].startswith(MISSING_FOLDER)}
        return found, failed

    def _expunge(self, approved, run):
        if isinstance(self.runner, HttpRunner):
            # per user, exactly its UIDs; many users per POST
            jobs = [(["expunge"] + expunge_query(query, [plan]), [plan.mailbox]) for query, plan in approved]
        else:
            by_query = {}
            for query, plan in approved:
                by_query.setdefault(tuple(query), []).append(plan)
            jobs = [(["expunge"] + expunge_query(query, plans), [plan.mailbox for plan in plans])
                    for query, plans in by_query.items()]
        errors = {}
        try:
            with run.timer.phase("delete_summed"):
                answers = self.runner.run_many(jobs)
        except MailstoreError as exc:
            answers = [([], {login: reason(exc) for login in users}) for _args, users in jobs]
        for _rows, job_errors in answers:
            errors.update(job_errors)
        for _query, plan in approved:
            if plan.mailbox in errors:
                run.fail(plan.mailbox, "suppression non confirmée par doveadm : %s ; relancez (le journal "
                                       "liste ce qui a pu être supprimé)" % errors[plan.mailbox])
            else:
                run.done(plan)

    def _raw_fetcher(self, login, guid):
        def fetch_raw(uid):
            return self.fetch_raw(login, guid, uid)
        return fetch_raw

    def fetch_raw(self, login, guid, uid):
        rows, errors = self.runner.run(["fetch", "text", "mailbox-guid", guid, "uid", str(uid)], [login])
        if not rows:
            raise MailstoreError("le message UID %s de la BAL %s a disparu avant son export%s" % (
                uid, login, (" : %s" % errors[login]) if login in errors else ""))
        return rows[0]["text"].encode("utf-8")

    # --- stats -------------------------------------------------------------
    def list_users(self):
        """Every login of the server's userdb (needs an iterable userdb and the CLI on the mail host)."""
        if isinstance(self.runner, HttpRunner):
            raise CannotListError()
        try:
            output, errors = self.runner.run(["user", "*"], json_output=False)
        except MailstoreError as exc:
            raise ConfigError("discover : impossible de lister les BAL du serveur : %s" % reason(exc))
        del errors
        return [line.strip() for line in output.splitlines() if line.strip() and line.strip() != "[]"]

    def stats(self, entries, documents=None, progress=None, cache=None):
        """Folders (status '*') and quota per chunk of users, chunks in parallel; last-login data once.

        With `documents` (patient_documents.DocumentOptions) each mailbox gets `patient_documents`.
        `progress` (progress.ProgressFile) hears of each chunk as it completes.

        Chunks bound the doveadm output held in memory at once (the whole platform's folder
        rows were parsed in one piece before). `cache` (documents_cache.DocumentsCache): the
        documents are read only in the folders that changed (doveadm_document_counts).
        """
        failures = []
        progress = progress or NoProgress()
        entries = self._usable(entries, lambda login, why: failures.append(
            {"mailbox": login, "error": why, "absent": False}))
        if failures:
            progress.mailboxes_done(len(failures), failed=len(failures))
        logins = [entry["login"] for entry in entries]
        seen = {}
        if self.last_login_dict and logins:
            try:
                rows, errors = self.runner.run(["dict", "iter", self.last_login_dict, self.last_login_prefix])
            except MailstoreError as exc:
                # without it every BAL would look never used: none is reported rather than all wrong
                why = "dernières connexions illisibles (last_login_dict %s) : %s" % (self.last_login_dict, reason(exc))
                progress.mailboxes_done(len(logins), failed=len(logins))
                return [], failures + [{"mailbox": login, "error": why, "absent": False} for login in logins]
            del errors
            seen = _last_logins(rows, self.last_login_prefix)

        def chunk(part):
            result, failed = self._stats_chunk(part, seen, documents, cache)
            progress.mailboxes_done(len(part), failed=sum(1 for f in failed if not f["absent"]))
            return result, failed

        done = self._map_chunks(logins, chunk) if logins else []
        return ([row for result, _failures in done for row in result],
                failures + [failure for _result, chunk in done for failure in chunk])

    def _stats_chunk(self, logins, seen, documents=None, cache=None):
        fields = STATS_FIELDS + (" " + status_fields(documents) if cache is not None else "")
        jobs = [(["mailbox", "status", fields, "*"], logins), (["quota", "get"], logins)]
        try:
            if cache is not None:
                # the keys before the reads: what arrives in between is above them, read next time
                checked = int(time.time())
                (rows, errors), (quota_rows, _quota_errors) = self.runner.run_many(jobs)
                counts, unread = ChunkCount(self.runner, documents, cache, _iso, checked).run(rows, logins)
            else:
                answers = self.runner.run_many(jobs + ([document_job(["all"], logins)] if documents else []))
                (rows, errors), (quota_rows, _quota_errors) = answers[:2]
                counts, unread = self._document_counts(answers[2], documents) if documents else ({}, {})
        except MailstoreError as exc:
            return [], [{"mailbox": login, "error": "BAL illisible : %s" % reason(exc), "absent": False}
                        for login in logins]
        folders = {}
        for row in rows:
            folders.setdefault(row["username"], []).append(row)
        quotas = _quotas(quota_rows)
        result, failures = [], []
        for login in logins:
            if login not in folders:
                error = errors.get(login) or "BAL %s inconnue du serveur (doveadm ne lui trouve aucun dossier)" % login
                failures.append({"mailbox": login, "error": error,
                                 "absent": login not in errors or _no_such_user(error)})
                continue
            if login in unread:
                failures.append({"mailbox": login, "error": unread[login], "absent": False})
                continue
            stats = MailboxStats(mailbox=login)
            for row in folders[login]:
                stats.folders.append({"name": row["mailbox"], "special_use": self._role_of(row["mailbox"]),
                                      "messages": int(row.get("messages") or 0),
                                      "bytes": int(row.get("vsize") or 0),
                                      "unseen": int(row.get("unseen") or 0),
                                      "oldest": "", "oldest_saved": _iso(row.get("firstsaved")),
                                      "newest": ""})
            stats.quota_used_bytes, stats.quota_limit_bytes = quotas.get(login, (-1, -1))
            if login in seen:
                stats.last_activity, stats.last_activity_source = seen[login], "last_login"
            row = fill_totals(stats).as_dict()
            if documents:
                row["patient_documents"] = counts.get(login) or documents.counts([], frozenset())
            result.append(row)
        return result, failures

    def _document_counts(self, answer, documents):
        """({login: patient document counts}, {login: why its documents could not be read})."""
        rows, errors = answer
        by_user = messages_by_user(rows, documents, _iso)
        proven = mdn_proofs(self.runner, by_user) if documents.mdn else {}
        unread = dict((login, "documents patients illisibles : %s" % error) for login, error in errors.items())
        return dict((login, documents.counts(messages, proven.get(login, frozenset())))
                    for login, messages in by_user.items()), unread


def role_names(folder_roles):
    """{role: [folder names]} from `folder_roles` (role -> a name or a list of names).

    Roles are spelled canonically (``\\trash`` -> ``\\Trash``); names keep their order, once each.
    """
    found = {}
    for role, names in (folder_roles or {}).items():
        if isinstance(names, str) or names is None:
            names = [names]
        kept = found.setdefault(special_use_name(role) or role, [])
        for name in names:
            if name is None or not str(name).strip():
                raise ConfigError("folder_roles : nom de dossier vide pour le rôle %s" % role)
            if str(name) not in kept:
                kept.append(str(name))
    return found


def _no_such_user(error):
    """doveadm's words for a login its userdb does not know."""
    text = error.lower()
    return any(words in text for words in ("no such user", "user doesn't exist", "user no longer exists",
                                           "unknown user", UNKNOWN_USER))


def _quotas(rows):
    found = {}
    for row in rows:
        if row.get("type") == "STORAGE" and str(row.get("limit", "-")).isdigit():
            found[row["username"]] = (int(row["value"]) * 1024, int(row["limit"]) * 1024)
    return found


def _last_logins(rows, prefix):
    return {row["key"][len(prefix):]: _iso(row["value"]) for row in rows
            if str(row.get("value")).isdigit() and row.get("key", "").startswith(prefix)}


def _meta(row):
    return {"size": int(row.get("size.virtual") or 0),
            "date": _iso(row.get("date.received.unixtime") or row.get("date.received")),
            "saved": _iso(row.get("date.saved.unixtime") or row.get("date.saved")),
            "message_id": row.get("hdr.message-id", ""), "flags": (row.get("flags") or "").split()}


def login_problem(login):
    """Why doveadm could not read `login` as exactly one user (wildcards `*`, `%`, `?` included), or None."""
    problem = address_problem(login)
    if problem:
        return "identifiant de BAL %s inutilisable : %s ; corrigez la source de cette adresse" % (
            shown(login), problem)
    return None


def make_runner(params, ssl_context):
    """CliRunner or HttpRunner from the module's options (argspec defaults applied by the caller)."""
    if params["doveadm_api_key"]:
        scheme = "http" if params["security"] == "none" else "https"
        # no host or port given: the documented API defaults (loopback, port 8080)
        url = params["doveadm_url"] or "%s://%s:%s/doveadm/v1" % (
            scheme, params["host"] or "127.0.0.1", params["port"] or 8080)
        return HttpRunner(url, params["doveadm_api_key"],
                          ssl_context=ssl_context if url.startswith("https") else None,
                          timeout=params["timeout"], concurrency=params["concurrency"])
    config = params["doveadm_config"]
    if config and not os.path.isfile(config):
        raise ConfigError("doveadm_config : fichier introuvable : %s" % config)
    return CliRunner(params["doveadm_bin"], config, params["timeout"])
