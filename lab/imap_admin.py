# SPDX-License-Identifier: GPL-3.0-or-later
"""The lab's own IMAP admin client (imaplib): create users, seed folders, look at mailboxes.

What doveadm does for the lab Dovecot, done over IMAPS for a server without a CLI of its own
(the lab Cyrus): the admin logs in for a mailbox with SASL PLAIN authzid (proxy authorisation)
and reads with EXAMINE, so looking changes no flag. Never used by the collection itself.
"""

import datetime as dt
import imaplib
import re
import ssl
import time

from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.folders import (
    decode_mutf7, encode_mutf7)

_LIST = re.compile(rb'^\((?P<flags>[^)]*)\) (?:NIL|"[^"]*") (?P<name>.*)$')
_FETCH = re.compile(rb"UID (\d+)")
_FLAGS = re.compile(rb"FLAGS \(([^)]*)\)")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


# A Cyrus just restarted (under faketime, once per Trash age while seeding) may drop the first
# connections while its services come up: seen as a reset during the TLS handshake on a loaded
# machine. The seeder retries those; any other error, or the same one persisting, goes up.
CONNECT_ATTEMPTS = 6
_TRANSIENT = (ConnectionResetError, ConnectionRefusedError, ssl.SSLEOFError)


def _open(host, port, ca_cert):
    attempt = 1
    while True:
        try:
            return imaplib.IMAP4_SSL(host, port, ssl_context=ssl.create_default_context(cafile=ca_cert), timeout=60)
        except _TRANSIENT:
            if attempt == CONNECT_ATTEMPTS:
                raise
            time.sleep(0.25 * attempt)
            attempt += 1


def connect(host, port, ca_cert, admin_user, admin_password, login=None):
    """IMAPS as the admin; for `login` (authzid) when given."""
    conn = _open(host, port, ca_cert)
    token = ("%s\0%s\0%s" % (login or "", admin_user, admin_password)).encode("utf-8")
    conn.authenticate("PLAIN", lambda _challenge: token)
    return conn


def check(answer, what):
    status, data = answer
    if status != "OK":
        raise RuntimeError("%s refused: %s %s" % (what, status, data))
    return data


def wire(name):
    """A decoded folder name ("Éléments supprimés") as a quoted IMAP argument."""
    return '"%s"' % encode_mutf7(name).replace("\\", "\\\\").replace('"', '\\"')


def imap_date(value):
    """An IMAP search date (1-Dec-2026) from 'YYYY-MM-DD' or a date."""
    day = dt.date.fromisoformat(value) if isinstance(value, str) else value
    return "%d-%s-%d" % (day.day, MONTHS[day.month - 1], day.year)


def internal_date(timestamp):
    moment = dt.datetime.fromtimestamp(timestamp, dt.timezone.utc)
    return '"%02d-%s-%d %02d:%02d:%02d +0000"' % (
        moment.day, MONTHS[moment.month - 1], moment.year, moment.hour, moment.minute, moment.second)


# --- users -------------------------------------------------------------------
def create_users(session, limits):
    """CREATE each user's INBOX (user/<login>) and set its storage quota; `limits`: login -> bytes."""
    conn = session()
    try:
        for login, limit in limits.items():
            status, data = conn.create('"user/%s"' % login)
            if status != "OK" and b"exists" not in b" ".join(d or b"" for d in data).lower():
                raise RuntimeError("CREATE user/%s refused: %s" % (login, data))
            set_quota(conn, login, limit)
    finally:
        conn.logout()


def set_quota(conn, login, limit_bytes):
    check(conn._simple_command("SETQUOTA", '"user/%s"' % login,  # pylint: disable=protected-access
                               "(STORAGE %d)" % max(1, limit_bytes // 1024)), "SETQUOTA")


# --- folders and messages ------------------------------------------------------
def create_folder(conn, name, use=None):
    """CREATE a folder of the logged-in user, with a SPECIAL-USE role (RFC 6154) when given."""
    args = [wire(name)] + (["(USE (%s))" % use] if use else [])
    check(conn._simple_command("CREATE", *args), "CREATE %s" % name)  # pylint: disable=protected-access


def append_many(conn, name, messages):
    """MULTIAPPEND (RFC 3502) with LITERAL+: every (flags, timestamp, bytes) in one command."""
    if not messages:
        return
    parts = [b"APPEND " + wire(name).encode("ascii")]
    for flags, timestamp, data in messages:
        data = data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")  # Cyrus refuses bare newlines
        parts.append(b" (%s) %s {%d+}\r\n%s" % (
            " ".join(flags).encode("ascii"), internal_date(timestamp).encode("ascii"), len(data), data))
    tag = conn._new_tag()  # pylint: disable=protected-access
    conn.tagged_commands[tag] = None
    conn.send(tag + b" " + b"".join(parts) + b"\r\n")
    status, data = conn._get_tagged_response(tag)  # pylint: disable=protected-access
    if status != "OK":
        raise RuntimeError("APPEND to %s refused: %s" % (name, data))


def folders(conn):
    """[(decoded name, flags)] of the logged-in user's selectable folders."""
    found = []
    for line in check(conn.list(), "LIST"):
        if isinstance(line, tuple):
            line = line[0] + b'"' + line[1] + b'"'
        match = _LIST.match(line or b"")
        if not match or b"\\noselect" in match.group("flags").lower():
            continue
        raw = match.group("name").decode("utf-8")
        raw = raw[1:-1].replace('\\"', '"').replace("\\\\", "\\") if raw.startswith('"') else raw
        found.append((decode_mutf7(raw), match.group("flags").decode("ascii").split()))
    return found


def uid_flags(conn, name, criteria="ALL"):
    """{uid: "flags"} of the messages of folder `name` matching `criteria` (EXAMINE: read-only)."""
    exists = check(conn.select(wire(name), readonly=True), "EXAMINE %s" % name)
    if criteria == "ALL":
        uids = [b"1:*"] if int(exists[-1] or 0) else []
    else:
        uids = check(conn.uid("SEARCH", None, criteria), "SEARCH")[0].split()
    if not uids:
        return {}
    found = {}
    for entry in check(conn.uid("FETCH", b",".join(uids).decode("ascii"), "(FLAGS)"), "FETCH"):
        entry = entry[0] if isinstance(entry, tuple) else entry
        uid, flags = _FETCH.search(entry or b""), _FLAGS.search(entry or b"")
        if uid:
            found[int(uid.group(1))] = " ".join(sorted(flags.group(1).decode("ascii").split())) if flags else ""
    return found


def fetch_item(conn, name, criteria, item):
    """[value] of one FETCH item (SAVEDATE, INTERNALDATE...) over the messages matching `criteria`."""
    check(conn.select(wire(name), readonly=True), "EXAMINE %s" % name)
    uids = check(conn.uid("SEARCH", None, criteria), "SEARCH")[0].split()
    if not uids:
        return []
    values = []
    pattern = re.compile(item.encode("ascii") + rb' (?:"([^"]*)"|(\S+))')
    for entry in check(conn.uid("FETCH", b",".join(uids).decode("ascii"), "(%s)" % item), "FETCH"):
        entry = entry[0] if isinstance(entry, tuple) else entry
        match = pattern.search(entry or b"")
        if match:
            values.append((match.group(1) or match.group(2)).decode("ascii"))
    return values
