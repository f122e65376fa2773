# SPDX-License-Identifier: GPL-3.0-or-later
"""What the Dovecot tests ask doveadm, asked over IMAP for the lab Cyrus (no CLI of its own).

The lab's admin logs in for each mailbox (SASL PLAIN authzid) and reads with EXAMINE, so a
check changes nothing. Queries keep doveadm's form (["mailbox", name, "savedbefore", day,
"unflagged"]) so a test states them once for both servers.
"""
import datetime as dt
from concurrent.futures import ThreadPoolExecutor

from lab import imap_admin

KEYS = {"savedbefore": "SAVEDBEFORE", "before": "BEFORE", "since": "SINCE", "savedsince": "SAVEDSINCE"}


def _per_user(server, work):
    """{key: value} merged over every mailbox of the server, work(conn, login) -> dict."""
    def one(login):
        conn = server.admin_session(login)
        try:
            return work(conn, login)
        finally:
            conn.logout()

    merged = {}
    with ThreadPoolExecutor(max_workers=8) as pool:
        for part in pool.map(one, sorted(server.users())):
            merged.update(part)
    return merged


def snapshot(server):
    """{(user, folder, uid): flags} of every message, like doveadm fetch -A 'mailbox uid flags' all."""
    def work(conn, login):
        return {(login, name, uid): flags for name, _flags in imap_admin.folders(conn)
                for uid, flags in imap_admin.uid_flags(conn, name).items()}
    return _per_user(server, work)


def criteria(query):
    """(folder, IMAP search criteria) of a doveadm-style query."""
    words, folder, keys = list(query), None, []
    while words:
        word = words.pop(0)
        if word == "mailbox":
            folder = words.pop(0)
        elif word in KEYS:
            keys.append("%s %s" % (KEYS[word], imap_admin.imap_date(words.pop(0))))
        elif word in ("unflagged", "flagged", "all"):
            keys.append(word.upper())
        else:
            raise ValueError("query word not translated: %s" % word)
    return folder, " ".join(keys) or "ALL"


def _has(conn, folder):
    return any(name == folder for name, _flags in imap_admin.folders(conn))


def rule_matches(server, query, users=None):
    """{(user, folder, uid)} matching a doveadm-style query that names one folder."""
    folder, keys = criteria(query)

    def work(conn, login):
        if (users and login not in users) or not _has(conn, folder):
            return {}
        return {(login, folder, uid): True for uid in imap_admin.uid_flags(conn, folder, keys)}
    return set(_per_user(server, work))


def dates(server, login, item, query):
    """['YYYY-MM-DD'] of a FETCH date item (SAVEDATE, INTERNALDATE) over the messages matching."""
    folder, keys = criteria(query)
    conn = server.admin_session(login)
    try:
        values = imap_admin.fetch_item(conn, folder, keys, item)
    finally:
        conn.logout()
    return [dt.datetime.strptime(value, "%d-%b-%Y %H:%M:%S %z").astimezone(dt.timezone.utc).date().isoformat()
            for value in values]


def add_flag(server, login, folder, uid, flag):
    """What the user does in their client: flag one message (a real change, with a new MODSEQ)."""
    conn = server.admin_session(login)
    try:
        imap_admin.check(conn.select(imap_admin.wire(folder)), "SELECT")
        imap_admin.check(conn.uid("STORE", str(uid), "+FLAGS", "(%s)" % flag), "STORE")
    finally:
        conn.logout()


def move_all(server, login, source, target, create=True):
    """CREATE `target` and MOVE every message of `source` there (RFC 6851), as the user."""
    conn = server.admin_session(login)
    try:
        if create:
            imap_admin.create_folder(conn, target)
        imap_admin.check(conn.select(imap_admin.wire(source)), "SELECT")
        imap_admin.check(conn.uid("MOVE", "1:*", imap_admin.wire(target)), "MOVE")
    finally:
        conn.logout()
