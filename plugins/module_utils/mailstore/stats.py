# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Per-mailbox usage (MailboxStats) over IMAP: folders, sizes, dates, quota, last activity.

Last activity over IMAP can only be inferred: the newest message of the \\Sent folder is
something the owner did (source `sent_folder`); without one it is `unknown`, never a guess.
INBOX dates say when mail arrived, not that anyone read it. The doveadm backend reads the
real last-login data instead. Everything is read with EXAMINE: a sweep changes nothing.
"""

from __future__ import annotations

from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.errors import AuthError, ConfigError
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.imap import Session, run_pool
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.imapwire import (
    fetch_dates, fetch_sizes, parse_quota, quote)
from ansible_collections.mssante.hygiene.plugins.module_utils.records import MailboxStats


def fill_totals(stats):
    """Mailbox totals and Trash figures from stats.folders."""
    stats.messages = sum(f["messages"] for f in stats.folders)
    stats.bytes = sum(f["bytes"] for f in stats.folders)
    stats.unseen = sum(f["unseen"] for f in stats.folders)
    for folder in stats.folders:
        if folder["special_use"] == "\\Trash":
            stats.trash_messages += folder["messages"]
            stats.trash_bytes += folder["bytes"]
            oldest = folder.get("oldest_saved") or folder.get("oldest") or ""
            if oldest and (not stats.trash_oldest or oldest < stats.trash_oldest):
                stats.trash_oldest = oldest
    return stats


def sent_fallback(stats):
    """Last activity from the newest \\Sent message, when nothing better is known."""
    if stats.last_activity:
        return stats
    newest = max((f["newest"] for f in stats.folders if f["special_use"] == "\\Sent" and f["newest"]),
                 default="")
    if newest:
        stats.last_activity, stats.last_activity_source = newest, "sent_folder"
    return stats


def imap_mailbox_stats(settings, login):
    """One session, three round trips: login + LIST-STATUS, every EXAMINE + FETCH, LOGOUT."""
    with Session(settings, login, then=[Session.list_command(with_status=True)]) as session:
        folders = [folder for folder in session.folders(
            with_status=True, answer=session.early[0] if session.early else None) if folder.selectable]
        lines, owners = [], []
        # without STATUS=SIZE (RFC 8438) a folder's bytes are the sum of its messages' sizes
        sized = session.has("STATUS=SIZE")
        for folder in folders:
            messages = (folder.status or {}).get("MESSAGES", 1)
            lines.append("EXAMINE %s" % quote(folder.raw))
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
        found = {folder.raw: {"exists": 0, "fetch": []} for folder in folders}
        stats = MailboxStats(mailbox=login)
        current = None
        for (folder, kind), answer in zip(owners, answers):
            if answer.get("QUOTA"):
                stats.quota_used_bytes, stats.quota_limit_bytes = parse_quota(answer.get("QUOTA"))
            if kind == "examine":
                current = found[folder.raw] if answer.ok else None
                if current is not None:
                    current["exists"] = int(answer.get("EXISTS")[-1]) if answer.get("EXISTS") else 0
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
    return sent_fallback(fill_totals(stats))


REFUSED_EVIDENCE = ("connexion refusée par le serveur %s (%s) alors que le compte admin %s ouvre les autres BAL "
                    "(%d lues) : la BAL n'existe pas sur la plateforme")


class _Refused:
    """The server refused the admin login for one mailbox (not raised: classified after the sweep)."""

    def __init__(self, error, reason=""):
        self.error = error
        self.reason = reason


def classify_refusals(settings, found, failures):
    """Refused admin logins -> absent mailboxes, once the admin credential is proven elsewhere.

    A master login refused for one mailbox while it opens others means the server does not know
    that mailbox. Only refusals that judge the identity get here (imap.login_refusal:
    AUTHENTICATIONFAILED, AUTHORIZATIONFAILED, a bare NO); UNAVAILABLE, SERVERBUG, connection
    errors, timeouts and TLS stay plain failures, whatever the others. A credential that
    opens nothing proves nothing: when every admin login was refused the admin password is
    wrong, and the run fails (ConfigError) rather than report each BAL missing. Refusals of
    O(mailbox_passwords) logins stay failures: a wrong password of that BAL says nothing of it.
    """
    admin_read = sum(1 for login in found if login not in settings.mailbox_passwords)
    refused = [f for f in failures if f.pop("refused", False)]
    if not refused:
        return failures
    admin_tried = admin_read + sum(1 for f in failures if f["mailbox"] not in settings.mailbox_passwords)
    if not admin_read and len(refused) == admin_tried:
        raise ConfigError(
            "admin_user / admin_password : le serveur %s refuse la connexion du compte admin %s pour "
            "toutes les BAL demandées (%d) : mot de passe ou compte admin erroné, ou compte maître non "
            "déclaré (aucune BAL n'est déclarée absente sans qu'il en ouvre au moins une). Premier "
            "refus : %s"
            % (settings.server, settings.admin_user, len(refused), refused[0]["error"]))
    if admin_read:
        for failure in refused:
            why = failure.pop("reason", "") or "refus de l'identifiant"
            failure.update(absent=True, evidence=REFUSED_EVIDENCE % (settings.server, why, settings.admin_user,
                                                                     admin_read))
    for failure in failures:
        failure.pop("reason", None)
    return failures


def imap_stats(settings, entries, concurrency):
    """(list of MailboxStats dicts in the given order, failures).

    A mailbox whose admin login is refused while the admin opens others is a failure marked
    `absent` with its `evidence` (see classify_refusals).
    """
    found, failures = {}, []

    def work(entry):
        login = entry["login"]
        try:
            return imap_mailbox_stats(settings, login)
        except AuthError as exc:
            if login in settings.mailbox_passwords:
                raise
            return _Refused(str(exc), getattr(exc, "reason", ""))

    for entry, result, error in run_pool(entries, work, concurrency):
        if error:
            failures.append({"mailbox": entry["login"], "error": error})
        elif isinstance(result, _Refused):
            failures.append({"mailbox": entry["login"], "error": result.error, "refused": True,
                             "reason": result.reason})
        else:
            found[entry["login"]] = result.as_dict()
    failures = classify_refusals(settings, found, failures)
    return [found[e["login"]] for e in entries if e["login"] in found], failures
