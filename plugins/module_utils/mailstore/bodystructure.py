# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""IMAP BODYSTRUCTURE (RFC 3501 7.4.2) read into a small tree of parts, without the message body.

The server describes every MIME part (type, parameters, disposition, nested multiparts and
forwarded messages), so a patient document is recognised from its file name without
downloading anything. Dovecot (IMAP FETCH, or `doveadm fetch imap.bodystructure`, which gives the
same text without its outer parentheses) and Cyrus (upper-case names, other extension data) both
fit. A string this reader cannot make sense of gives None ("unknown"), never an exception.
"""

from __future__ import annotations

import base64
import binascii
import quopri
import re
from email.header import decode_header, make_header
from urllib.parse import unquote_to_bytes

from ansible_collections.mssante.hygiene.plugins.module_utils.errors import MssanteError

_CONTINUATION = re.compile(r"^(?P<name>[^*]+)\*(?P<index>\d+)(?P<encoded>\*?)$")


class ParseError(MssanteError, ValueError):
    """The text is no IMAP data this reader understands (caught here: the structure is unknown)."""


# --- tokens ----------------------------------------------------------------
def parse_data(data):
    """IMAP data (bytes or str) -> nested lists of str/None: strings, atoms, NIL, literals, lists.

    Literals (`{N}` + CRLF + N bytes) and quoted strings with `\\` escapes are strings;
    `BODY[HEADER.FIELDS (A B)]` stays one atom. Raises ParseError on unbalanced input. One
    regular expression per token: a purge reads thousands of these.
    """
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogateescape")
    stack, current, pos, size = [], [], 0, len(data)
    while pos < size:
        match = _TOKEN.match(data, pos)
        if match is None:
            if not data[pos:].strip(b" \r\n"):
                break  # trailing blanks
            raise ParseError("caractère inattendu")
        pos = match.end()
        kind = match.lastgroup
        if kind == "open":
            stack.append(current)
            current = []
        elif kind == "close":
            if not stack:
                raise ParseError("parenthèse fermante en trop")
            done, current = current, stack.pop()
            current.append(done)
        elif kind == "quoted":
            value = match.group("quoted")
            current.append(_text(_ESCAPE.sub(rb"\1", value) if b"\\" in value else value))
        elif kind == "literal":
            stop = pos + int(match.group("literal"))
            if stop > size:
                raise ParseError("littéral IMAP coupé")
            current.append(_text(data[pos:stop]))
            pos = stop
        elif kind == "atom":
            value = match.group("atom")
            current.append(None if value.upper() == b"NIL" else _text(value))
    if stack:
        raise ParseError("parenthèse non fermée")
    return current


_TOKEN = re.compile(rb'''[ \r\n]*(?:(?P<open>\()|(?P<close>\))|"(?P<quoted>(?:[^"\\]|\\.)*)"'''
                    rb'''|\{(?P<literal>\d+)\+?\}\r?\n|(?P<atom>(?:[^ ()\[\]{}"\r\n]|\[[^\]]*\])+))''', re.S)
_ESCAPE = re.compile(rb"\\(.)", re.S)


def _text(raw):
    return raw.decode("utf-8", "replace")


# --- parts -----------------------------------------------------------------
class Part:
    """One MIME part: `content_type` ("type/subtype", lower case), `section` (IMAP part number,
    "" for the whole message), lower-cased `params` and `disposition_params`, `encoding`, `children`."""

    __slots__ = ("content_type", "params", "disposition", "disposition_params", "encoding", "section",
                 "children")

    def __init__(self, content_type, params=None, disposition="", disposition_params=None, encoding="",
                 section="", children=None):
        self.content_type = content_type
        self.params = params or {}
        self.disposition = disposition
        self.disposition_params = disposition_params or {}
        self.encoding = encoding
        self.section = section
        self.children = children or []

    def walk(self):
        """This part and every part inside it, depth first."""
        yield self
        for child in self.children:
            yield from child.walk()

    @property
    def filenames(self):
        """Its file names: Content-Type `name`, disposition `filename`, RFC 2231 and 2047 forms decoded."""
        names = [param_value(self.params, "name"), param_value(self.disposition_params, "filename")]
        return [name for name in names if name]


def parse_bodystructure(data):
    """The Part tree of a BODYSTRUCTURE (IMAP or doveadm text, or parse_data's lists), or None
    when it cannot be read."""
    try:
        items = data if isinstance(data, list) else parse_data(data)
        body = items[0] if len(items) == 1 and isinstance(items[0], list) else items
        return _body(body, "")
    except (ParseError, IndexError, TypeError, AttributeError, ValueError):
        return None


def _lower(value):
    return value.lower() if isinstance(value, str) else ""


def _params(value):
    """("NAME" "value" ...) -> {name: value}; NIL or an odd list -> what can be read."""
    if not isinstance(value, list):
        return {}
    return {_lower(value[i]): value[i + 1] for i in range(0, len(value) - 1, 2)
            if isinstance(value[i], str) and isinstance(value[i + 1], str)}


def _disposition(extension):
    """The first ("type" (params)) list among extension data (md5 and location are strings)."""
    for item in extension:
        if isinstance(item, list) and len(item) >= 1 and isinstance(item[0], str) and (
                len(item) == 1 or item[1] is None or isinstance(item[1], list)):
            return _lower(item[0]), _params(item[1] if len(item) > 1 else None)
    return "", {}


def _child_section(parent, index):
    return "%s.%d" % (parent, index) if parent else str(index)


def _body(body, section):
    if not isinstance(body, list) or not body:
        raise ParseError("structure vide")
    if isinstance(body[0], list):
        children, rest = [], list(body)
        while rest and isinstance(rest[0], list):
            children.append(_body(rest.pop(0), _child_section(section, len(children) + 1)))
        subtype = _lower(rest[0]) if rest else ""
        disposition, disposition_params = _disposition(rest[2:])
        return Part("multipart/" + (subtype or "mixed"), _params(rest[1] if len(rest) > 1 else None),
                    disposition, disposition_params, section=section, children=children)
    kind, subtype = _lower(body[0]), _lower(body[1])
    content_type = "%s/%s" % (kind, subtype)
    extension, children = body[7:], []
    if kind == "message" and subtype in ("rfc822", "global") and len(body) > 9 and isinstance(body[8], list):
        # a forwarded message: its parts are numbered under this one, a single-part body is .1
        own = section or "1"
        multipart = bool(body[8]) and isinstance(body[8][0], list)
        children = [_body(body[8], own if multipart else own + ".1")]
        extension = body[10:]
    elif kind == "text":
        extension = body[8:]
    disposition, disposition_params = _disposition(extension)
    return Part(content_type, _params(body[2]), disposition, disposition_params, _lower(body[5]),
                section or "1", children)


# --- parameter values ------------------------------------------------------
def param_value(params, name):
    """`name` from lower-cased params: plain, RFC 2231 `name*` or `name*0*`... continuations, RFC 2047."""
    name = name.lower()
    if name + "*" in params:
        return _rfc2231([(0, params[name + "*"], True)])
    pieces = []
    for key, value in params.items():
        match = _CONTINUATION.match(key)
        if match and match.group("name") == name:
            pieces.append((int(match.group("index")), value, bool(match.group("encoded"))))
    if pieces:
        return _rfc2231(sorted(pieces))
    value = params.get(name)
    return decode_words(value) if value else ""


def _rfc2231(pieces):
    """Join continuations; encoded ones are percent-encoded, the first with its charset'language' prefix."""
    charset, raw = "utf-8", b""
    for position, (_index, value, encoded) in enumerate(pieces):
        if not encoded:
            raw += value.encode("utf-8", "replace")
            continue
        if position == 0 and value.count("'") >= 2:
            charset, _language, value = value.split("'", 2)
        raw += unquote_to_bytes(value)
    try:
        return raw.decode(charset or "utf-8", "replace")
    except LookupError:
        return raw.decode("utf-8", "replace")


def decode_words(value):
    """RFC 2047 encoded words (=?charset?B|Q?...?=) decoded; the text as it is when they are malformed."""
    if "=?" not in value:
        return value
    try:
        return str(make_header(decode_header(value)))
    except (ValueError, LookupError, UnicodeError, binascii.Error):
        return value


def decode_part(raw, encoding):
    """A part's bytes as the server sent them (BODY[n]) decoded from its transfer encoding."""
    if isinstance(raw, str):
        raw = raw.encode("utf-8", "surrogateescape")
    try:
        if encoding == "base64":
            return base64.b64decode(raw)
        if encoding == "quoted-printable":
            return quopri.decodestring(raw)
    except (binascii.Error, ValueError):
        return raw
    return raw
