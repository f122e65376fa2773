# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Read pipelined IMAP answers off the wire, in imaplib's data shapes, at a fraction of its cost.

imaplib spends more client CPU per answer line than the rest of a purge (a regex match per
line, debug logging, literal detection by regex); a purge reads ~50 FETCH lines per mailbox.
This reader keeps imaplib's shapes (untagged data by type, `(head, literal)` tuples, response
codes such as UIDVALIDITY or MODIFIED filed as untagged types) so the parsers stay the same.
"""

from __future__ import annotations

import imaplib
import re

MAX_LINE = 1000000  # imaplib's _MAXLINE: a longer line is an attack or a broken server
_RESPONSE_CODE = re.compile(br"\[(?P<type>[A-Z-]+)( (?P<data>.*))?\]")


class Completion:
    """A tagged completion and the untagged answers received since the previous completion."""

    __slots__ = ("status", "data", "untagged")

    def __init__(self, status, data, untagged):
        self.status, self.data, self.untagged = status, data, untagged


def _literal_size(line):
    """N when the line ends with {N} (a literal of N bytes follows), else -1."""
    if not line.endswith(b"}"):
        return -1
    start = line.rfind(b"{")
    digits = line[start + 1:-1]
    return int(digits) if start >= 0 and digits.isdigit() else -1


def _file(untagged, kind, data):
    untagged.setdefault(kind, []).append(data)


class AnswerReader:
    """Reads the completions of the tagged commands of one pipeline from a binary file (imaplib's `conn.file`)."""

    def __init__(self, stream, tags):
        self.stream = stream
        self.tags = frozenset(tags)
        self.done = {}  # tag -> Completion (a server may complete a later tag first)
        self.untagged = {}

    def _line(self):
        line = self.stream.readline(MAX_LINE + 1)
        if not line:
            raise imaplib.IMAP4.abort("socket error: EOF")
        if len(line) > MAX_LINE:
            raise imaplib.IMAP4.error("got more than %d bytes" % MAX_LINE)
        if not line.endswith(b"\r\n"):
            raise imaplib.IMAP4.abort("socket error: unterminated line: %r" % line[:200])
        return line[:-2]

    def _read(self, size):
        data = self.stream.read(size)
        if len(data) != size:
            raise imaplib.IMAP4.abort("socket error: EOF in a literal")
        return data

    def _untagged(self, line):
        # "* 12 FETCH (...)" -> FETCH: b"12 (...)"; "* OK [UIDVALIDITY 5] x" -> OK, and UIDVALIDITY: b"5"
        head, _sep, rest = line[2:].partition(b" ")
        if head.isdigit():
            kind, _sep, more = rest.partition(b" ")
            data = head + b" " + more if more else head
        else:
            kind, data = head, rest
        kind = kind.decode("ascii", "replace")
        size = _literal_size(data)
        while size >= 0:
            _file(self.untagged, kind, (data, self._read(size)))
            data = self._line()
            size = _literal_size(data)
        _file(self.untagged, kind, data)
        return kind, data

    def _code(self, kind, data):
        if kind in ("OK", "NO", "BAD"):
            match = _RESPONSE_CODE.match(data)
            if match:
                _file(self.untagged, match.group("type").decode("ascii", "replace"), match.group("data") or b"")

    def _complete(self, tag, kind, data):
        self.done[tag] = Completion(kind, [data], self.untagged)
        self.untagged = {}

    def completion(self, tag, expect_bye=False):
        """The Completion of `tag`; an untagged BYE first aborts, unless it answers LOGOUT."""
        while tag not in self.done:
            line = self._line()
            if line.startswith(b"* "):
                kind, data = self._untagged(line)
                self._code(kind, data)
                if kind == "BYE":
                    if not expect_bye:
                        raise imaplib.IMAP4.abort(data.decode("utf-8", "replace"))
                    self._complete(tag, kind, data)
            elif line.startswith(b"+"):
                # only a refused OAuth login asks for one in a pipeline: its challenge tells why
                _file(self.untagged, "+", line[2:])
            else:
                own, _sep, rest = line.partition(b" ")
                if own not in self.tags:
                    raise imaplib.IMAP4.abort("unexpected tagged response: %r" % line[:200])
                kind, _sep, data = rest.partition(b" ")
                kind = kind.decode("ascii", "replace")
                self._code(kind, data)
                self._complete(own, kind, data)
        return self.done.pop(tag)
