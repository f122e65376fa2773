# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Per-mailbox usage (MailboxStats) over IMAP: folders, sizes, dates, quota, last activity.

Last activity over IMAP can only be inferred: the newest message of the \\Sent folder is
something the owner did (source `sent_folder`); without one it is `unknown`, never a guess.
INBOX dates say when mail arrived, not that anyone read it. The doveadm backend reads the
real last-login data instead. Everything is read with EXAMINE: a sweep changes nothing.
"""

from __future__ import annotations

import re

from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.imap import (
    Session, parse_internaldate, run_pool)
from ansible_collections.mssante.hygiene.plugins.module_utils.model import MailboxStats


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
    with Session(settings, login) as session:
        stats = MailboxStats(mailbox=login)
        for folder in session.folders(with_status=True):
            if not folder.selectable:
                continue
            status = getattr(folder, "status", None) or {}
            exists, _ = session.examine(folder, readonly=True)
            oldest, newest = session.newest_oldest(exists)
            size = status.get("SIZE")
            if size is None and exists:
                size = sum(m["size"] for m in session.message_meta(session.uid_search(["ALL"])).values())
            info = {"name": folder.name, "special_use": folder.special_use,
                    "messages": status.get("MESSAGES", exists), "bytes": size or 0,
                    "unseen": status.get("UNSEEN", 0), "oldest": oldest, "newest": newest}
            if folder.special_use == "\\Trash" and exists and session.has("SAVEDATE"):
                info["oldest_saved"] = _oldest_saved(session, exists)
            stats.folders.append(info)
        stats.quota_used_bytes, stats.quota_limit_bytes = session.quota()
    return sent_fallback(fill_totals(stats))


def _oldest_saved(session, exists):
    typ, data = session._call("fetch", "1:%d" % exists, "(SAVEDATE)")
    text = b" ".join(part if isinstance(part, bytes) else part[0] for part in data if part).decode("ascii", "replace")
    dates = [parse_internaldate(value) for value in re.findall(r'SAVEDATE "([^"]+)"', text)]
    return min(dates) if dates else ""


def imap_stats(settings, entries, concurrency):
    """(list of MailboxStats dicts in the given order, failures)."""
    found, failures = {}, []
    work = lambda entry: imap_mailbox_stats(settings, entry["login"])  # noqa: E731
    for entry, result, error in run_pool(entries, work, concurrency):
        if error:
            failures.append({"mailbox": entry["login"], "error": error})
        else:
            found[entry["login"]] = result.as_dict()
    return [found[e["login"]] for e in entries if e["login"] in found], failures
