# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""IMAP wire formats, pure: UID sets, dates, login lines, FETCH/STATUS answer parsing.

Kept apart from the sessions so that unit tests cover them without a server.
"""

from __future__ import annotations

import base64
import datetime as dt
import re

UID_CHUNK = 500  # UIDs per STORE/EXPUNGE/FETCH command: keeps command lines short
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTH_NUMBER = dict((name, number) for number, name in enumerate(MONTHS, 1))


def _range(start, end):
    return str(start) if start == end else "%d:%d" % (start, end)


def compress_uids(uids):
    """[1, 2, 3, 7] -> '1:3,7' (IMAP sequence set, sorted, duplicates removed)."""
    ordered = sorted(set(int(uid) for uid in uids))
    if not ordered:
        return ""
    parts = []
    start = end = ordered[0]
    for uid in ordered[1:]:
        if uid == end + 1:
            end = uid
            continue
        parts.append(_range(start, end))
        start = end = uid
    parts.append(_range(start, end))
    return ",".join(parts)


def expand_uids(text):
    """'1:3,7' -> [1, 2, 3, 7] (ESEARCH ALL answers, journal checks); '*' is refused."""
    uids = []
    for part in filter(None, str(text).split(",")):
        low, _sep, high = part.partition(":")
        low, high = int(low), int(high or low)
        uids.extend(range(min(low, high), max(low, high) + 1))
    return uids


def chunks(items, size=UID_CHUNK):
    items = list(items)
    for index in range(0, len(items), size):
        yield items[index:index + size]


def imap_date(day):
    """A datetime.date as an IMAP date (English month, locale independent)."""
    return "%02d-%s-%d" % (day.day, MONTHS[day.month - 1], day.year)


_DATE_TIME = re.compile(r"\s*(\d{1,2})-([A-Za-z]{3})-(\d{4}) (\d\d):(\d\d):(\d\d) ([+-])(\d\d)(\d\d)")


def parse_internaldate(text):
    """'26-Nov-2026 08:36:07 +0000' -> ISO 8601 UTC ('...Z'); no strptime (6x slower, per message).

    Servers mostly answer in UTC: that case is only reordered; another zone goes through datetime.
    """
    match = _DATE_TIME.match(text)
    if not match:
        raise ValueError("date IMAP illisible : %s" % text)
    day, month, year, hour, minute, second, sign, zone_h, zone_m = match.groups()
    month_number = _MONTH_NUMBER.get(month.title())
    if month_number is None:
        raise ValueError("date IMAP illisible : %s" % text)
    if zone_h == zone_m == "00":
        return "%s-%02d-%02dT%s:%s:%sZ" % (year, month_number, int(day), hour, minute, second)
    offset = (int(zone_h) * 60 + int(zone_m)) * (1 if sign == "+" else -1)
    value = dt.datetime(int(year), month_number, int(day), int(hour), int(minute),
                        int(second)) - dt.timedelta(minutes=offset)
    return "%04d-%02d-%02dT%02d:%02d:%02dZ" % (value.year, value.month, value.day, value.hour,
                                               value.minute, value.second)


def quote(text):
    """An IMAP quoted string (folder names are already modified UTF-7)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def quotable(text):
    """Can `text` travel as a quoted string (7-bit, no CR/LF/NUL)? Otherwise a literal is needed."""
    return all(0x20 <= ord(char) < 0x7F for char in text)


def sasl_plain(authzid, authcid, password):
    """SASL PLAIN initial response (RFC 4616), base64, for AUTHENTICATE with SASL-IR."""
    raw = ("%s\0%s\0%s" % (authzid, authcid, password)).encode("utf-8")
    return base64.b64encode(raw).decode("ascii")


def text(value):
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


def response_code(data, name):
    """The value of '[NAME value]' in a tagged or untagged answer text, or None."""
    for item in data or []:
        match = re.search(r"\[%s ?([^\]]*)\]" % re.escape(name), text(item if not isinstance(item, tuple) else item[0]),
                          re.IGNORECASE)
        if match:
            return match.group(1)
    return None


_SIZE = re.compile(r"RFC822\.SIZE (\d+)")
_ISO = re.compile(r"(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)Z$")


def imap_date_time(iso):
    """ISO 8601 UTC as the journal writes it ('2024-01-15T01:39:32Z') -> '"15-Jan-2024 01:39:32 +0000"'
    (APPEND's date-time), or '' when it is no such date."""
    match = _ISO.match(iso or "")
    if not match:
        return ""
    year, month, day, hour, minute, second = (int(part) for part in match.groups())
    if not 1 <= month <= 12:
        return ""
    return '"%02d-%s-%04d %02d:%02d:%02d +0000"' % (day, MONTHS[month - 1], year, hour, minute, second)


# a flag travels as an atom (RFC 3501 flag-keyword, or a backslash and an atom for system flags)
_FLAG = re.compile(r"\\?[^\x00-\x20\x7f-\uffff(){%*\"\\\]]+")


def flag_atom(flag):
    """Can `flag` be sent in an APPEND flag list as it is?"""
    return bool(_FLAG.fullmatch(flag or "")) and flag.lower() != "\\recent"


# every item parse_fetch reads, in one pass over the FETCH head (servers choose the order)
_ITEM = re.compile(r'\b(UID|RFC822\.SIZE|INTERNALDATE|SAVEDATE|FLAGS) (\d+|"[^"]*"|\([^)]*\))')
_MESSAGE_ID = re.compile(r"^Message-ID:\s*(\S+)", re.IGNORECASE | re.MULTILINE)


def parse_fetch(entries):
    """{uid: {size, date, saved, message_id, flags}} from the untagged FETCH answers.

    imaplib gives a tuple (head, literal) when a literal follows (the header fields) and a
    bare ')' line after it; those carry no UID and are skipped. Called once per folder purged:
    one regex pass per message, dates through the UTC fast path.
    """
    meta = {}
    for entry in entries or []:
        head = text(entry[0] if isinstance(entry, tuple) else entry)
        items = dict(_ITEM.findall(head))
        if "UID" not in items:
            continue
        msgid = _MESSAGE_ID.search(text(entry[1])) if isinstance(entry, tuple) else None
        date, saved, flags = items.get("INTERNALDATE"), items.get("SAVEDATE"), items.get("FLAGS")
        meta[int(items["UID"])] = {
            "size": int(items.get("RFC822.SIZE", 0)),
            "date": parse_internaldate(date[1:-1]) if date else "",
            "saved": parse_internaldate(saved[1:-1]) if saved else "",
            "message_id": msgid.group(1) if msgid else "",
            "flags": flags[1:-1].split() if flags else [],
        }
    return meta


def responses(entries):
    """imaplib-shaped FETCH entries grouped per response: `(head {N}, literal)` tuples, then the
    plain bytes that end the response."""
    groups, current = [], []
    for entry in entries or []:
        current.append(entry)
        if not isinstance(entry, tuple):
            groups.append(current)
            current = []
    return groups


def split_fetch(entries, marker):
    """(entries of responses without `marker` in their heads, entries of those with it): two
    pipelined FETCHes of the same messages told apart (literals are not looked at)."""
    without, with_marker = [], []
    for group in responses(entries):
        heads = [entry[0] if isinstance(entry, tuple) else entry for entry in group]
        (with_marker if any(marker in head for head in heads) else without).extend(group)
    return without, with_marker


def fetch_sizes(entries):
    """RFC822.SIZE of every untagged FETCH answer (folder bytes when STATUS=SIZE is missing)."""
    sizes = []
    for entry in entries or []:
        size = _SIZE.search(text(entry[0] if isinstance(entry, tuple) else entry))
        if size:
            sizes.append(int(size.group(1)))
    return sizes


def fetch_dates(entries, item="INTERNALDATE"):
    """ISO dates of `item` (INTERNALDATE or SAVEDATE) in untagged FETCH answers."""
    found = []
    for entry in entries or []:
        head = text(entry[0] if isinstance(entry, tuple) else entry)
        found.extend(parse_internaldate(value) for value in re.findall(r'%s "([^"]+)"' % item, head))
    return found


def parse_status(lines):
    """{wire folder name: {MESSAGES: n, ...}} from untagged STATUS answers."""
    found = {}
    for line in lines or []:
        if line is None:
            continue
        if isinstance(line, tuple):
            line = line[0] + line[1]
        match = re.match(r'^(".*"|\S+) \((.*)\)$', text(line).strip())
        if not match:
            continue
        name = match.group(1)
        if name.startswith('"'):
            name = re.sub(r"\\(.)", r"\1", name[1:-1])
        values = match.group(2).split()
        found[name] = {values[i].upper(): int(values[i + 1]) for i in range(0, len(values) - 1, 2)}
    return found


def parse_quota(entries):
    """(used_bytes, limit_bytes) from untagged QUOTA answers, or (-1, -1)."""
    for entry in entries or []:
        match = re.search(r"STORAGE (\d+) (\d+)", text(entry if not isinstance(entry, tuple) else entry[0]))
        if match:
            return int(match.group(1)) * 1024, int(match.group(2)) * 1024
    return -1, -1
