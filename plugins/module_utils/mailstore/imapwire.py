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

from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.bodystructure import ParseError, parse_data

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
_ITEM = re.compile(r'\b(UID|RFC822\.SIZE|INTERNALDATE|SAVEDATE|FLAGS) (\d+|"[^"]*"|\([^)]*\)|NIL)')
_ITEM_NAMES = ("UID", "RFC822.SIZE", "INTERNALDATE", "SAVEDATE", "FLAGS")
_MESSAGE_ID = re.compile(r"^Message-ID:\s*(\S+)", re.IGNORECASE | re.MULTILINE)
# the literal that follows is the header block asked for (not a file name inside a structure)
HEADER_LITERAL = re.compile(rb"BODY\[HEADER\.FIELDS \([^)]*\)\] \{\d+\}$")
_HEADER_FIELDS = re.compile(r"BODY\.PEEK\[HEADER\.FIELDS \(([^)]*)\)\]")
_STRUCTURE = b"BODYSTRUCTURE ("


def merge_items(items, also):
    """One FETCH item list for both `items` and `also`: every atom once, header fields joined.

    The server then opens and parses each message once (two FETCHes of the same messages make
    it read them twice); BODYSTRUCTURE and the header literal go last, after the plain items
    parse_fetch reads from the head."""
    atoms, fields = [], []
    for part in (items, also):
        for name in _HEADER_FIELDS.findall(part):
            fields += [field for field in name.upper().split() if field not in fields]
        atoms += [atom for atom in _HEADER_FIELDS.sub("", part).split() if atom not in atoms]
    atoms.sort(key=lambda atom: atom == "BODYSTRUCTURE")
    if fields:
        atoms.append("BODY.PEEK[HEADER.FIELDS (%s)]" % " ".join(fields))
    return " ".join(atoms)


def joined(group):
    """One response's entries (imapwire.responses) as one bytes, literals put back in place."""
    return b"".join(entry[0] + b"\r\n" + entry[1] if isinstance(entry, tuple) else entry for entry in group)


def response_items(response):
    """'12 (UID 5 FLAGS (...) ...)' -> {ITEM: value} by the full IMAP parser (bodystructure.parse_data);
    {} for what cannot be read. The exact reading, for what the fast paths cannot trust."""
    try:
        parsed = parse_data(response)
    except ParseError:
        return {}
    values = next((value for value in parsed if isinstance(value, list)), [])
    return dict((str(values[i]).upper(), values[i + 1]) for i in range(0, len(values) - 1, 2)
                if isinstance(values[i], str))


def _slow_read(group):
    """(uid, meta) of one response read by the full parser, or None without a UID."""
    items = response_items(joined(group))
    uid = items.get("UID")
    if not (isinstance(uid, str) and uid.isdigit()):
        return None
    header = next((value for name, value in items.items() if name.startswith("BODY[HEADER.FIELDS")), None)
    msgid = _MESSAGE_ID.search(header) if isinstance(header, str) else None
    date, saved, flags, size = (items.get(name) for name in ("INTERNALDATE", "SAVEDATE", "FLAGS", "RFC822.SIZE"))
    return int(uid), {
        "size": int(size) if isinstance(size, str) and size.isdigit() else 0,
        "date": parse_internaldate(date) if isinstance(date, str) else "",
        "saved": parse_internaldate(saved) if isinstance(saved, str) else "",
        "message_id": msgid.group(1) if msgid else "",
        "flags": [flag for flag in flags if isinstance(flag, str)] if isinstance(flags, list) else [],
    }


def _quoted_date(value):
    return parse_internaldate(value[1:-1]) if value and value != "NIL" else ""


def read_response(group, expected=()):
    """(uid, meta, header) of one FETCH response (imapwire.responses), or None without a UID.

    meta: {size, date, saved, message_id, flags}. One regex pass over the head before
    BODYSTRUCTURE (a name inside a structure is the sender's text: it must never pass for an
    item); a response whose head lacks one of the `expected` item names there goes through the
    full parser. header: the bytes of the HEADER.FIELDS literal, or None.
    """
    first = group[0]
    head = first[0] if isinstance(first, tuple) else first
    cut = head.find(_STRUCTURE)
    items = dict(_ITEM.findall(text(head if cut < 0 else head[:cut])))
    if cut >= 0 and any(name not in items for name in ("UID",) + tuple(expected)):
        found = _slow_read(group)
        return None if found is None else found + (None,)
    if "UID" not in items:
        return None
    header = next((entry[1] for entry in group if isinstance(entry, tuple) and HEADER_LITERAL.search(entry[0])),
                  None)
    msgid = _MESSAGE_ID.search(text(header)) if header is not None else None
    flags, size = items.get("FLAGS"), items.get("RFC822.SIZE", "0")
    meta = {"size": int(size) if size.isdigit() else 0, "date": _quoted_date(items.get("INTERNALDATE")),
            "saved": _quoted_date(items.get("SAVEDATE")), "message_id": msgid.group(1) if msgid else "",
            "flags": flags[1:-1].split() if flags and flags != "NIL" else []}
    return int(items["UID"]), meta, header


def parse_fetch(entries, expected=()):
    """{uid: {size, date, saved, message_id, flags}} from the untagged FETCH answers (read_response).

    imaplib gives a tuple (head, literal) when a literal follows (the header fields) and a
    bare ')' line after it. Called once per folder purged: one regex pass per message.
    """
    meta = {}
    for group in responses(entries):
        found = read_response(group, expected)
        if found is not None:
            meta[found[0]] = found[1]
    return meta


def fetch_names(items):
    """The item names parse_fetch reads that a FETCH item list asks for."""
    asked = items.split()
    return tuple(name for name in _ITEM_NAMES if name in asked)


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
