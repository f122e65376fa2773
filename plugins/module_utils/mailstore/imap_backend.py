# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The IMAP backend: any IMAP server, one session per mailbox (admin login or the mailbox's own).

Stats: folders, sizes, dates, quota and last activity (MailboxStats). Last activity over IMAP can
only be inferred: the newest message of the \\Sent folder is something the owner did (source
`sent_folder`); without one it is `unknown`, never a guess. INBOX dates say when mail arrived,
not that anyone read it. Everything is read with EXAMINE: a sweep changes nothing.

Purge: per mailbox, one session plans every rule (SELECT + SEARCH + FETCH, pipelined), asks the
run to approve each plan (journal fsynced) and deletes exactly the approved UIDs (UIDPLUS).
Sessions, pipelining and answer reading live in imap.py and imapread.py.
"""

from __future__ import annotations

from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.documents_cache import folder_key
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.errors import (
    AuthError, CannotListError, ConfigError)
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.folders import resolve
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.imap import (
    META_ITEMS, ImapSettings, LoginRefused, Session, run_pool)
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.imap_documents import (
    GUARD_ITEMS, find_notifications, mdn_proofs, read_guarded)
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.imap_document_counts import document_counts
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.imapwire import (
    fetch_dates, fetch_names, fetch_sizes, merge_items, parse_quota, quote)
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.oauth import oauth_login
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.progress import NoProgress
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.purge import FolderPlan
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.stats import fill_totals
from ansible_collections.mssante.hygiene.plugins.module_utils.records import MailboxStats
from ansible_collections.mssante.hygiene.plugins.module_utils.tls import client_context


def imap_settings(params, context):
    """ImapSettings from module parameters (`context`: the run's one SSLContext, or None)."""
    if not params["host"]:
        raise ConfigError("host est obligatoire avec backend: imap (nom du serveur IMAP)")
    if not (params["mailbox_passwords"] or params["oauth"]) and not (params["admin_user"] and params["admin_password"]):
        raise ConfigError("admin_user et admin_password sont obligatoires avec backend: imap (ou "
                          "mailbox_passwords, ou oauth pour une plateforme qui refuse les mots de passe)")
    # the token endpoint is verified like the IMAP server, even when IMAP itself goes in clear
    oauth = oauth_login(params["oauth"], context or (
        client_context(params["validate_certs"], params["ca_path"]) if params["oauth"] else None), params["timeout"])
    return ImapSettings(params["host"], params["port"], params["security"],
                        params["admin_user"], params["admin_password"],
                        login_form=params["admin_login_form"],
                        master_separator=params["master_separator"],
                        mailbox_passwords=params["mailbox_passwords"],
                        ssl_context=context, timeout=params["timeout"], oauth=oauth)


class ImapBackend:
    """stats() and purge() over IMAP, `concurrency` sessions at once; same results as DoveadmBackend."""

    def __init__(self, settings, concurrency):
        self.settings = settings
        self.concurrency = concurrency

    @classmethod
    def from_params(cls, params, context):
        return cls(imap_settings(params, context), params["concurrency"])

    @property
    def memory_server(self):
        """Which server a documents memory describes (documents_cache: another one is not reused)."""
        return self.settings.server

    @staticmethod
    def networked(params):
        """An IMAP server is always reached over the network."""
        del params
        return True

    @staticmethod
    def can_list(params):
        """IMAP cannot list the mailboxes of other users."""
        del params
        return False

    @staticmethod
    def list_users():
        """IMAP cannot list the mailboxes of other users."""
        raise CannotListError()

    def stats(self, entries, documents=None, progress=None, cache=None):
        """(list of MailboxStats dicts in the given order, failures).

        A mailbox whose admin login is refused while the admin opens others is a failure marked
        `absent` with its `evidence` (see classify_refusals). With `documents`
        (patient_documents.DocumentOptions) each mailbox also gets `patient_documents`, its
        unchanged folders' documents taken from `cache` (documents_cache.DocumentsCache) when given.
        `progress` (progress.ProgressFile) hears of each mailbox as it completes.
        """
        progress = progress or NoProgress()
        found, failures = {}, []

        def work(entry):
            login = entry["login"]
            try:
                return mailbox_stats(self.settings, login, documents, cache)
            except AuthError as exc:
                if login in self.settings.mailbox_passwords:
                    raise
                return _Refused(str(exc), getattr(exc, "reason", ""), getattr(exc, "evidence", REFUSED_EVIDENCE))

        for entry, result, error in run_pool(entries, work, self.concurrency):
            progress.mailboxes_done(1, failed=1 if error else 0)  # a refusal may be an absence: not yet a failure
            if error:
                failures.append({"mailbox": entry["login"], "error": error})
            elif isinstance(result, _Refused):
                failures.append({"mailbox": entry["login"], "error": result.error, "refused": True,
                                 "reason": result.reason, "evidence": result.evidence})
            else:
                stats, counts = result
                found[entry["login"]] = dict(stats.as_dict(), **({"patient_documents": counts} if counts else {}))
        failures = classify_refusals(self.settings, found, failures)
        return [found[e["login"]] for e in entries if e["login"] in found], failures

    def purge(self, entries, rules, run):
        """Purge every mailbox on a thread pool; failures are recorded, the sweep goes on."""
        def work(entry):
            purge_mailbox(self.settings, entry, rules, run)

        for entry, _result, error in run_pool(entries, work, self.concurrency):
            if error:
                run.fail(entry["login"], error)
            run.progress.mailboxes_done(1)


# --- stats ------------------------------------------------------------
def sent_fallback(stats):
    """Last activity from the newest \\Sent message, when nothing better is known."""
    if stats.last_activity:
        return stats
    newest = max((f["newest"] for f in stats.folders if f["special_use"] == "\\Sent" and f["newest"]),
                 default="")
    if newest:
        stats.last_activity, stats.last_activity_source = newest, "sent_folder"
    return stats


def mailbox_stats(settings, login, documents=None, cache=None):
    """(MailboxStats, patient document counts or None).

    One session, three round trips: login + LIST-STATUS, every EXAMINE + FETCH, LOGOUT; with
    `documents`, one more (structures, flags and two header fields of every message of the
    folders `cache` does not show unchanged) and, when those hold disposition notifications, one
    for their machine parts.
    """
    with Session(settings, login, then=[Session.list_command(with_status=True)]) as session:
        folders = [folder for folder in has_inbox(session, session.folders(
            with_status=True, answer=session.early[0] if session.early else None)) if folder.selectable]
        lines, owners = [], []
        # without STATUS=SIZE (RFC 8438) a folder's bytes are the sum of its messages' sizes
        sized = session.has("STATUS=SIZE")
        condstore = _flags_matter(documents, session)
        for folder in folders:
            messages = (folder.status or {}).get("MESSAGES", 1)
            lines.append("EXAMINE %s%s" % (quote(folder.raw), " (CONDSTORE)" if condstore else ""))
            owners.append((folder, "examine"))
            if messages:
                # '*' is the newest message whatever arrived since STATUS: UID order = arrival
                lines.append("FETCH 1,* (INTERNALDATE)" if sized else "FETCH 1:* (INTERNALDATE RFC822.SIZE)")
                owners.append((folder, "dates"))
                if folder.special_use == "\\Trash" and session.has("SAVEDATE"):
                    lines.append("FETCH 1:* (SAVEDATE)")
                    owners.append((folder, "saved"))
        if session.has("QUOTA"):
            lines.append('GETQUOTAROOT "INBOX"')
            owners.append((None, "quota"))
        answers = session.pipeline(lines) if lines else []
        # Dovecot runs non-conflicting pipelined commands in parallel, so untagged answers may
        # arrive before an earlier command's completion: gather them per folder (an EXAMINE
        # waits for everything before it) and read dates by item name.
        found = {folder.raw: {"exists": 0, "fetch": [], "key": None} for folder in folders}
        stats = MailboxStats(mailbox=login)
        current = None
        for (folder, kind), answer in zip(owners, answers):
            if answer.get("QUOTA"):
                stats.quota_used_bytes, stats.quota_limit_bytes = parse_quota(answer.get("QUOTA"))
            if kind == "examine":
                current = found[folder.raw] if answer.ok else None
                if current is not None:
                    current["exists"] = int(answer.get("EXISTS")[-1]) if answer.get("EXISTS") else 0
                    current["key"] = folder_key(answer, condstore)
            elif current is not None:
                current["fetch"].extend(answer.get("FETCH"))
        for folder in folders:
            status, slot = folder.status or {}, found[folder.raw]
            dates = fetch_dates(slot["fetch"], "INTERNALDATE")
            info = {"name": folder.name, "special_use": folder.special_use,
                    "messages": status.get("MESSAGES", slot["exists"]),
                    "bytes": status.get("SIZE", 0) if sized else sum(fetch_sizes(slot["fetch"])),
                    "unseen": status.get("UNSEEN", 0), "oldest": min(dates, default=""),
                    "newest": max(dates, default="")}
            saved = fetch_dates(slot["fetch"], "SAVEDATE")
            if folder.special_use == "\\Trash" and saved:
                info["oldest_saved"] = min(saved)
            stats.folders.append(info)
        counts = None
        if documents:
            keys = {raw: slot["key"] for raw, slot in found.items()}
            counts = document_counts(session, folders, documents, login, cache, keys, condstore)
    return sent_fallback(fill_totals(stats)), counts


def _flags_matter(documents, session):
    """Do flags prove integration (keywords), so that only HIGHESTMODSEQ shows a folder unchanged?"""
    return bool(documents and documents.keywords and session.has("CONDSTORE"))


NO_INBOX_EVIDENCE = ("le serveur %s accepte la connexion du compte admin pour cet identifiant mais ne lui connaît "
                     "aucune INBOX (%s), alors que %s ouvre les autres BAL (%d lues) : la BAL "
                     "n'existe pas sur la plateforme")


def has_inbox(session, folders):
    """`folders`, once sure the login has a mailbox: every user has an INBOX (RFC 9051). Cyrus IMAP
    lets the admin act for any identifier (proxy authorisation) and lists nothing for an unknown one."""
    if not any(folder.name.upper() == "INBOX" for folder in folders):
        refusal = LoginRefused("aucune INBOX sur %s pour la BAL %s : identifiant inconnu du serveur (la connexion "
                               "du compte admin %s est acceptée, la liste des dossiers est vide)" % (
                                   session.settings.server, session.mailbox, session.settings.admin_user),
                               reason="LIST sans INBOX")
        refusal.evidence = NO_INBOX_EVIDENCE
        raise refusal
    return folders


REFUSED_EVIDENCE = ("connexion refusée par le serveur %s (%s) alors que %s ouvre les autres BAL "
                    "(%d lues) : la BAL n'existe pas sur la plateforme")


class _Refused:
    """The server refused the admin login for one mailbox (not raised: classified after the sweep)."""

    def __init__(self, error, reason="", evidence=None):
        self.error = error
        self.reason = reason
        self.evidence = evidence or REFUSED_EVIDENCE


def classify_refusals(settings, found, failures):
    """Refused admin logins -> absent mailboxes, once the admin credential is proven elsewhere.

    A master login refused for one mailbox while it opens others means the server does not know
    that mailbox. Only refusals that judge the identity get here (imap.login_refusal:
    AUTHENTICATIONFAILED, AUTHORIZATIONFAILED, a bare NO); UNAVAILABLE, SERVERBUG, connection
    errors, timeouts and TLS stay plain failures, whatever the others. A credential that
    opens nothing proves nothing: when every admin login was refused the admin password is
    wrong, and the run fails (ConfigError) rather than report each BAL missing. Refusals of
    O(mailbox_passwords) logins stay failures: a wrong password of that BAL says nothing of it,
    and so do refusals of an OAuth token (the token may only lack rights on that BAL).
    """
    admin_read = sum(1 for login in found if login not in settings.mailbox_passwords)
    refused = [f for f in failures if f.pop("refused", False)]
    if not refused:
        return failures
    admin_tried = admin_read + sum(1 for f in failures if f["mailbox"] not in settings.mailbox_passwords)
    if not admin_read and len(refused) == admin_tried and settings.oauth is not None:
        parameter, hint = settings.oauth.refusal_hint()
        raise ConfigError(
            "%s : le serveur %s refuse le jeton OAuth (%s) pour toutes les BAL demandées (%d) : %s (aucune BAL "
            "n'est déclarée absente). Premier refus : %s"
            % (parameter, settings.server, settings.oauth.mechanism, len(refused), hint, refused[0]["error"]),
            parameter=parameter)
    if not admin_read and len(refused) == admin_tried:
        raise ConfigError(
            "admin_user / admin_password : le serveur %s refuse la connexion du compte admin %s pour "
            "toutes les BAL demandées (%d) : mot de passe ou compte admin erroné, ou compte maître non "
            "déclaré (aucune BAL n'est déclarée absente sans qu'il en ouvre au moins une). Premier "
            "refus : %s"
            % (settings.server, settings.admin_user, len(refused), refused[0]["error"]))
    # a refused token proves no absence: it may only lack rights on that mailbox
    if admin_read and settings.oauth is None:
        for failure in refused:
            why = failure.pop("reason", "") or "refus de l'identifiant"
            evidence = failure.pop("evidence", None) or REFUSED_EVIDENCE
            failure.update(absent=True, evidence=evidence % (settings.server, why, settings.credential, admin_read))
    for failure in failures:
        failure.pop("reason", None)
        if not failure.get("absent"):
            failure.pop("evidence", None)
    return failures


# --- purge ------------------------------------------------------------
def purge_mailbox(settings, entry, rules, run):
    """Plan and (outside check mode) apply every rule on one mailbox in one IMAP session.

    Round trips for a mailbox with one target folder: login + LIST, then SELECT + SEARCH +
    FETCH, then (journal written) STORE + EXPUNGE, then LOGOUT.
    """
    login = entry["login"]
    wanted_rules = [rule for rule in rules if rule.applies_to(entry)]
    if not wanted_rules:
        return
    with Session(settings, login, then=[Session.list_command()]) as session:
        if not run.check_mode and not session.has("UIDPLUS"):
            session.delete_uids([])  # raises UnsupportedServer with the explanation
        folders = has_inbox(session, session.folders(answer=session.early[0] if session.early else None))
        # MDNs may sit in any folder: read them before a folder is selected for deletion
        proven = frozenset()
        if run.documents and run.documents.mdn and any(r.patient_documents == "integrated" for r in wanted_rules):
            proven = mdn_proofs(session, find_notifications(session, [f for f in folders if f.selectable],
                                                            run.documents))
        taken = {}  # folder raw name -> uids already planned by an earlier rule
        for rule in wanted_rules:
            for wanted in rule.folders:
                targets = resolve(folders, wanted)
                run.folder_seen(login, rule, wanted, bool(targets))
                for folder in targets:
                    _purge_folder(session, folder, rule, run, taken.setdefault(folder.raw, set()), proven)


def _guarded(rule, run):
    return bool(run.documents) and rule.patient_documents != "ignore"


def _select(session, folder, rule, run):
    """(exists, uidvalidity, {uid: meta}, [patient_documents.Message] or None) of what the rule
    selects. A guarded rule asks the journal's and the guard's header items in one FETCH (the
    server reads each message once, the client parses it once), then the structures of only the
    messages whose header leaves the question open."""
    savedate = session.has("SAVEDATE")
    items = fetch_items(run.check_mode, rule.imap_date_item(savedate), savedate)
    criteria = rule.imap_criteria(run.today, savedate)
    if not _guarded(rule, run):
        return session.find(folder, criteria, readonly=run.check_mode, items=items) + (None,)
    exists, uidvalidity, entries = session.find_entries(folder, criteria, run.check_mode,
                                                        merge_items(items, GUARD_ITEMS))
    return (exists, uidvalidity) + read_guarded(session, entries, folder.raw, run.documents, fetch_names(items))


def _purge_folder(session, folder, rule, run, taken, proven=frozenset()):
    # check mode: EXAMINE and no header read, only the compared date (for the report); a real
    # run SELECTs once and stays there until the expunge, so the UIDs planned are the UIDs
    # deleted (same UIDVALIDITY by construction)
    with run.timer.phase("select_summed"):
        exists, uidvalidity, meta, messages = _select(session, folder, rule, run)
    run.observe(session.mailbox, folder.name, exists)
    meta = dict((uid, item) for uid, item in meta.items() if uid not in taken)
    taken.update(meta)  # a document this rule keeps is not for a later rule either (as over doveadm)
    if meta and messages is not None:  # the guard: what the rule's policy keeps, before the safety caps
        meta, kept = run.documents.guard(meta, messages, rule.patient_documents, proven)
        run.documents_kept(session.mailbox, folder.name, rule, kept)
    if not meta:
        return
    plan = FolderPlan(session.mailbox, folder.name, folder.special_use, rule, uidvalidity, exists, meta)
    if not run.approve(plan, session.fetch_raw):
        return
    with run.timer.phase("delete_summed"):
        kept = session.delete_uids(plan.uids)
    if kept:
        run.keep(plan, kept, "modifié depuis sa sélection (marqué, déplacé ou modifié entre-temps) : conservé")
    run.done(plan)


def fetch_items(check_mode, date_item, savedate=False):
    """FETCH items of the selected messages: the journal's in a real run, plus the compared date.

    A real run also asks SAVEDATE whenever the server has it, for the journal's `saved`. The
    dates go before the header literal: parse_fetch reads the items ahead of it.
    """
    if check_mode:
        return "UID RFC822.SIZE " + date_item
    extra = [item for item in (date_item, "SAVEDATE" if savedate else "")
             if item and item not in META_ITEMS.split()]
    return META_ITEMS.replace("RFC822.SIZE", " ".join(["RFC822.SIZE"] + sorted(set(extra))), 1)
