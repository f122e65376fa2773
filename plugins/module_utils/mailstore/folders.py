# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Folder names: modified UTF-7 (RFC 3501 5.1.3), LIST parsing and SPECIAL-USE resolution.

A rule names folders either by SPECIAL-USE role (``\\Trash``) or by name. Names are compared
decoded (``Éléments supprimés``) with the server's hierarchy delimiter normalised, so a rule
written ``Archives/2020`` also matches a server that uses ``.``.
"""

from __future__ import annotations

import base64
import re

SPECIAL_USES = ("\\All", "\\Archive", "\\Drafts", "\\Flagged", "\\Junk", "\\Sent", "\\Trash")
_SPECIAL_BY_LOWER = dict((name.lower(), name) for name in SPECIAL_USES)


def encode_mutf7(text):
    """UTF-8 text to the IMAP modified UTF-7 wire form."""
    out = []
    pending = []

    def flush():
        if pending:
            raw = "".join(pending).encode("utf-16-be")
            out.append("&" + base64.b64encode(raw).decode("ascii").rstrip("=").replace("/", ",") + "-")
            del pending[:]

    for char in text:
        if 0x20 <= ord(char) <= 0x7E:
            flush()
            out.append("&-" if char == "&" else char)
        else:
            pending.append(char)
    flush()
    return "".join(out)


def decode_mutf7(text):
    """IMAP modified UTF-7 to text; invalid sequences are kept as they are."""
    def replace(match):
        chunk = match.group(1)
        if not chunk:
            return "&"
        padded = chunk.replace(",", "/") + "=" * (-len(chunk) % 4)
        try:
            return base64.b64decode(padded).decode("utf-16-be")
        except (ValueError, UnicodeDecodeError):
            return match.group(0)
    return re.sub(r"&([A-Za-z0-9+,]*)-", replace, text)


def special_use_name(value):
    """Canonical spelling of a SPECIAL-USE role (``\\trash`` -> ``\\Trash``), or None."""
    if not isinstance(value, str) or not value.startswith("\\"):
        return None
    # '\\Trash' in single-quoted YAML keeps both backslashes: accept it
    return _SPECIAL_BY_LOWER.get("\\" + value.lstrip("\\").lower())


class Folder:
    """One folder as LIST reports it."""

    __slots__ = ("name", "raw", "delimiter", "flags", "status")

    def __init__(self, raw, delimiter, flags):
        self.raw = raw  # the wire (modified UTF-7) name, used in commands
        self.name = decode_mutf7(raw)
        self.delimiter = delimiter
        self.flags = tuple(flags)
        self.status = None  # {MESSAGES, SIZE, UNSEEN} when listed with LIST-STATUS

    @property
    def special_use(self):
        for flag in self.flags:
            role = special_use_name(flag)
            if role:
                return role
        return ""

    @property
    def selectable(self):
        lowered = [flag.lower() for flag in self.flags]
        return "\\noselect" not in lowered and "\\nonexistent" not in lowered

    def path(self):
        """The name with '/' as delimiter, for comparisons with rule patterns."""
        if self.delimiter and self.delimiter != "/":
            return self.name.replace(self.delimiter, "/")
        return self.name

    def as_dict(self):
        return {"name": self.name, "special_use": self.special_use}


_LIST_RE = re.compile(r'^\((?P<flags>[^)]*)\) (?P<delim>NIL|"(?:\\.|[^"])*") (?P<name>.*)$')


def parse_list_line(line, literal=None):
    """Parse one untagged LIST response (bytes or str, without the '* LIST ' prefix)."""
    if isinstance(line, bytes):
        line = line.decode("utf-8", "replace")
    match = _LIST_RE.match(line.strip())
    if not match:
        raise ValueError("réponse LIST inattendue du serveur : %s" % line.strip())
    delim = match.group("delim")
    delim = None if delim == "NIL" else _unquote(delim)
    name = match.group("name")
    if literal is not None:
        name = literal.decode("utf-8", "replace") if isinstance(literal, bytes) else literal
    else:
        name = _unquote(name) if name.startswith('"') else name
    return Folder(name, delim, match.group("flags").split())


def _unquote(text):
    if len(text) >= 2 and text[0] == '"' and text[-1] == '"':
        return re.sub(r"\\(.)", r"\1", text[1:-1])
    return text


def quote(name):
    """A folder name as an IMAP quoted string (already in modified UTF-7)."""
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def resolve(folders, wanted):
    """Folders a rule's `folders` entry designates: a SPECIAL-USE role or a name.

    A role matches every selectable folder carrying it; a name matches case-sensitively,
    INBOX case-insensitively, with '/' standing for any delimiter. A mailbox without such a
    folder gives an empty list: nothing to do there (the caller counts it as absent).
    """
    role = special_use_name(wanted)
    if role:
        return [f for f in folders if f.selectable and f.special_use == role]
    target = wanted.strip()
    for folder in folders:
        if not folder.selectable:
            continue
        path = folder.path()
        if path == target or (path.upper() == "INBOX" and target.upper() == "INBOX"):
            return [folder]
    return []
