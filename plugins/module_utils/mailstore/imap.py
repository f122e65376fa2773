# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""IMAP sessions (imaplib) opened as the admin on behalf of each mailbox, and a worker pool.

IMAP has no way to switch users on a connection, so the pool bounds concurrency and shares
one SSLContext; each mailbox gets its own short session. Only UID commands are used, and
deletion is `UID STORE +FLAGS.SILENT (\\Deleted)` + `UID EXPUNGE` on our UIDs: never CLOSE or a
bare EXPUNGE, which would also remove mail another client marked \\Deleted.
"""

from __future__ import annotations

import datetime as dt
import imaplib
import re
import socket
import ssl
from concurrent.futures import ThreadPoolExecutor, as_completed

from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.errors import (
    AuthError, ConnectError, MailstoreError, UnsupportedServer)
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.folders import (
    Folder, parse_list_line, quote)
from ansible_collections.mssante.hygiene.plugins.module_utils.tls import describe_tls_error

UID_CHUNK = 500  # UIDs per STORE/EXPUNGE/FETCH command: keeps command lines short


def compress_uids(uids):
    """[1, 2, 3, 7] -> '1:3,7' (IMAP sequence set)."""
    parts = []
    ordered = sorted(set(int(uid) for uid in uids))
    start = prev = None
    for uid in ordered:
        if start is None:
            start = prev = uid
        elif uid == prev + 1:
            prev = uid
        else:
            parts.append("%d" % start if start == prev else "%d:%d" % (start, prev))
            start = prev = uid
    if start is not None:
        parts.append("%d" % start if start == prev else "%d:%d" % (start, prev))
    return ",".join(parts)


def chunks(items, size=UID_CHUNK):
    items = list(items)
    for index in range(0, len(items), size):
        yield items[index:index + size]


def imap_date(day):
    """A datetime.date as an IMAP date (English month, locale independent)."""
    months = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
    return "%02d-%s-%d" % (day.day, months[day.month - 1], day.year)


def parse_internaldate(text):
    """'26-Nov-2026 08:36:07 +0000' -> ISO 8601 UTC."""
    parsed = dt.datetime.strptime(text, "%d-%b-%Y %H:%M:%S %z")
    return parsed.astimezone(dt.timezone.utc).isoformat().replace("+00:00", "Z")


class ImapSettings:
    """Connection settings shared by every session of a run."""

    def __init__(self, host, port=None, security="tls", admin_user=None, admin_password=None,
                 login_form="authzid", master_separator="*", mailbox_passwords=None,
                 ssl_context=None, timeout=30):
        if security not in ("tls", "starttls", "none"):
            raise ValueError("security must be tls, starttls or none, got %r" % security)
        self.host = host
        self.port = port or (993 if security == "tls" else 143)
        self.security = security
        self.admin_user = admin_user
        self.admin_password = admin_password
        self.login_form = login_form
        self.master_separator = master_separator
        self.mailbox_passwords = mailbox_passwords or {}
        self.ssl_context = ssl_context
        self.timeout = timeout

    @property
    def server(self):
        return "%s:%s" % (self.host, self.port)


class Session:
    """One authenticated IMAP session for one mailbox."""

    def __init__(self, settings, mailbox):
        self.settings = settings
        self.mailbox = mailbox
        self.conn = None
        self.capabilities = set()
        self.selected = None

    # --- connection --------------------------------------------------------
    def __enter__(self):
        self.open()
        return self

    def __exit__(self, *exc):
        self.close()

    def open(self):
        settings = self.settings
        try:
            if settings.security == "tls":
                self.conn = imaplib.IMAP4_SSL(settings.host, settings.port,
                                              ssl_context=settings.ssl_context,
                                              timeout=settings.timeout)
            else:
                self.conn = imaplib.IMAP4(settings.host, settings.port, timeout=settings.timeout)
                if settings.security == "starttls":
                    self.conn.starttls(ssl_context=settings.ssl_context)
        except ssl.SSLError as exc:
            raise ConnectError(describe_tls_error(exc, settings.server))
        except (OSError, imaplib.IMAP4.error) as exc:
            raise ConnectError("cannot connect to %s: %s" % (settings.server, exc))
        self._login()
        self.capabilities = self._capabilities()

    def _login(self):
        settings, mailbox = self.settings, self.mailbox
        try:
            if mailbox in settings.mailbox_passwords:
                self.conn.login(mailbox, settings.mailbox_passwords[mailbox])
            elif settings.login_form == "separator":
                self.conn.login("%s%s%s" % (mailbox, settings.master_separator, settings.admin_user),
                                settings.admin_password)
            else:
                token = ("%s\0%s\0%s" % (mailbox, settings.admin_user, settings.admin_password)).encode("utf-8")
                self.conn.authenticate("PLAIN", lambda _challenge: token)
        except imaplib.IMAP4.abort as exc:
            raise ConnectError("connection to %s lost during login: %s" % (settings.server, exc))
        except imaplib.IMAP4.error as exc:
            raise AuthError("login refused for mailbox %s as admin %s: %s (check admin_user/"
                            "admin_password and that the mailbox exists)" % (
                                mailbox, settings.admin_user, _text(exc)))
        except OSError as exc:
            raise ConnectError("connection to %s lost during login: %s" % (settings.server, exc))

    def _capabilities(self):
        typ, data = self._call("capability")
        return set(_text(data[-1]).upper().split())

    def close(self):
        if self.conn is None:
            return
        try:
            if self.selected:
                self.conn._simple_command("UNSELECT" if "UNSELECT" in self.capabilities else "NOOP")
            self.conn.logout()
        except (OSError, imaplib.IMAP4.error):
            pass
        self.conn = None

    def _call(self, name, *args):
        try:
            typ, data = getattr(self.conn, name)(*args)
        except imaplib.IMAP4.abort as exc:
            raise ConnectError("connection to %s lost (%s %s): %s" % (
                self.settings.server, name, self.mailbox, exc))
        except (OSError, socket.timeout) as exc:
            raise ConnectError("connection to %s failed or timed out (%s): %s" % (
                self.settings.server, name, exc))
        except imaplib.IMAP4.error as exc:
            raise MailstoreError("%s refused by the server: %s" % (name.upper(), _text(exc)))
        if typ != "OK":
            raise MailstoreError("%s failed: %s" % (name.upper(), _text(data[-1] if data else "")))
        return typ, data

    def has(self, capability):
        return capability.upper() in self.capabilities

    # --- folders -----------------------------------------------------------
    def folders(self, with_status=False):
        """[Folder], with .status dict {MESSAGES, SIZE, UNSEEN} when LIST-STATUS is offered."""
        ret = []
        if self.has("SPECIAL-USE"):
            ret.append("SPECIAL-USE")
        use_status = with_status and self.has("LIST-STATUS")
        items = "MESSAGES UNSEEN" + (" SIZE" if self.has("STATUS=SIZE") else "")
        if use_status:
            ret.append("STATUS (%s)" % items)
        args = ('""', '"*"') if not ret else ('""', '"*"', "RETURN (%s)" % " ".join(ret))
        typ, data = self._call("_simple_command", "LIST", *args)
        listed = self.conn._untagged_response(typ, data, "LIST")[1]
        statuses = {}
        if use_status:
            statuses = self._status_responses(self.conn._untagged_response("OK", [None], "STATUS")[1])
        folders = []
        for item in listed:
            if item is None:
                continue
            folder = parse_list_line(item[0] + b'"' + item[1].replace(b'"', b'\\"') + b'"'
                                     if isinstance(item, tuple) else item)
            folder.status = statuses.get(folder.raw)
            folders.append(folder)
        if with_status and not use_status:
            for folder in folders:
                if folder.selectable:
                    folder.status = self.status(folder, items)
        return folders

    def status(self, folder, items="MESSAGES UNSEEN"):
        typ, data = self._call("_simple_command", "STATUS", quote(folder.raw), "(%s)" % items)
        return self._status_responses(self.conn._untagged_response(typ, data, "STATUS")[1]).get(folder.raw, {})

    @staticmethod
    def _status_responses(lines):
        found = {}
        for line in lines:
            if line is None:
                continue
            if isinstance(line, tuple):
                line = line[0] + line[1]
            text = _text(line)
            match = re.match(r'^(".*"|\S+) \((.*)\)$', text.strip())
            if not match:
                continue
            name = match.group(1)
            if name.startswith('"'):
                name = re.sub(r"\\(.)", r"\1", name[1:-1])
            values = match.group(2).split()
            found[name] = {values[i].upper(): int(values[i + 1]) for i in range(0, len(values) - 1, 2)}
        return found

    def examine(self, folder, readonly=True):
        typ, data = self._call("select", quote(folder.raw), readonly)
        self.selected = folder
        exists = int(data[0]) if data and data[0] else 0
        uidvalidity = self.conn.untagged_responses.get("UIDVALIDITY", [b"0"])[-1]
        return exists, int(uidvalidity)

    # --- messages ----------------------------------------------------------
    def uid_search(self, criteria):
        """UIDs matching `criteria` (list of IMAP search keys) in the selected folder."""
        typ, data = self._call("uid", "SEARCH", *criteria)
        return [int(uid) for uid in b" ".join(part for part in data if part).split()]

    def uid_fetch(self, uids, items):
        """{uid: raw response line/tuple} for UID FETCH items."""
        found = {}
        for part in chunks(uids):
            typ, data = self._call("uid", "FETCH", compress_uids(part), "(%s)" % items)
            for entry in data:
                head = entry[0] if isinstance(entry, tuple) else entry
                if not head:
                    continue
                match = re.search(rb"UID (\d+)", head)
                if match:
                    found[int(match.group(1))] = entry
        return found

    def message_meta(self, uids):
        """{uid: {size, date, saved, message_id, flags}} (metadata only, no content)."""
        items = "RFC822.SIZE INTERNALDATE FLAGS BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)]"
        if self.has("SAVEDATE"):
            items += " SAVEDATE"
        meta = {}
        for uid, entry in self.uid_fetch(uids, items).items():
            head = _text(entry[0] if isinstance(entry, tuple) else entry)
            body = _text(entry[1]) if isinstance(entry, tuple) else ""
            size = re.search(r"RFC822\.SIZE (\d+)", head)
            date = re.search(r'INTERNALDATE "([^"]+)"', head)
            saved = re.search(r'SAVEDATE "([^"]+)"', head)
            flags = re.search(r"FLAGS \(([^)]*)\)", head)
            msgid = re.search(r"Message-ID:\s*(\S+)", body, re.IGNORECASE)
            meta[uid] = {
                "size": int(size.group(1)) if size else 0,
                "date": parse_internaldate(date.group(1)) if date else "",
                "saved": parse_internaldate(saved.group(1)) if saved else "",
                "message_id": msgid.group(1) if msgid else "",
                "flags": flags.group(1).split() if flags else [],
            }
        return meta

    def fetch_raw(self, uid):
        found = self.uid_fetch([uid], "BODY.PEEK[]")
        entry = found.get(int(uid))
        if not isinstance(entry, tuple):
            raise MailstoreError("message UID %s vanished before export" % uid)
        return entry[1]

    def delete_uids(self, uids):
        """Mark exactly `uids` \\Deleted and expunge exactly them (UIDPLUS)."""
        if not self.has("UIDPLUS"):
            raise UnsupportedServer("server %s does not offer UIDPLUS: refusing to expunge (a "
                                    "plain EXPUNGE would also remove mail others marked "
                                    "\\Deleted)" % self.settings.server)
        for part in chunks(uids):
            uid_set = compress_uids(part)
            self._call("uid", "STORE", uid_set, "+FLAGS.SILENT", "(\\Deleted)")
            self._call("uid", "EXPUNGE", uid_set)

    def quota(self):
        """(used_bytes, limit_bytes) of the INBOX quota root, or (-1, -1)."""
        if not self.has("QUOTA"):
            return -1, -1
        typ, data = self._call("getquotaroot", "INBOX")
        for entry in data[1] if len(data) > 1 else []:
            match = re.search(rb"STORAGE (\d+) (\d+)", entry if isinstance(entry, bytes) else b"")
            if match:
                return int(match.group(1)) * 1024, int(match.group(2)) * 1024
        return -1, -1

    def newest_oldest(self, exists):
        """(oldest, newest) INTERNALDATE of the selected folder, assuming UID order = arrival."""
        if not exists:
            return "", ""
        typ, data = self._call("fetch", "1,%d" % exists if exists > 1 else "1", "(INTERNALDATE)")
        dates = [parse_internaldate(m) for m in re.findall(r'INTERNALDATE "([^"]+)"', _text(b" ".join(
            part if isinstance(part, bytes) else part[0] for part in data if part)))]
        if not dates:
            return "", ""
        return min(dates), max(dates)


def _text(value):
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


def run_pool(items, work, concurrency):
    """Run work(item) on a thread pool; yields (item, result, error) as each completes."""
    concurrency = max(1, min(int(concurrency), len(items) or 1))
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        futures = {pool.submit(work, item): item for item in items}
        for future in as_completed(futures):
            item = futures[future]
            try:
                yield item, future.result(), None
            except MailstoreError as exc:
                yield item, None, str(exc)
            except Exception as exc:  # pylint: disable=broad-except
                # one mailbox's surprise must not stop the sweep; name it for the report
                yield item, None, "%s: %s" % (type(exc).__name__, exc)


__all__ = ["Folder", "ImapSettings", "Session", "run_pool", "compress_uids", "imap_date"]
