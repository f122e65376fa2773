# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Streaming reader of the daily `Extraction_Correspondance_MSSante` file (31 `|` columns).

The national file holds ~545,000 lines; an establishment wants a few hundred. When filtered by
domains / structure ids the reader works like `grep -F`: it scans fixed 8 MiB blocks for the
needles and decodes only the lines that contain one, so time stays close to a plain scan and
memory does not grow with the file. Only those lines are checked (31 columns, BAL type,
address): malformed ones are counted, and their line numbers are computed by a second pass only
when there are some. Needles are matched as lower-case bytes, like `grep -F` (addresses are
published in lower case; a domain written with capitals would not be caught by the filter).
Without a filter every line is decoded and checked.

Column meanings beyond "Type de BAL" and "Adresse BAL" (identifier types, idNat_Struct) are
inferred from the column names and sample data, not from an official specification.
"""

from __future__ import annotations

import time

from ansible_collections.mssante.hygiene.plugins.module_utils import identifiers as ids
from ansible_collections.mssante.hygiene.plugins.module_utils.annuaire.source import open_binary
from ansible_collections.mssante.hygiene.plugins.module_utils.fr_text import quoted
from ansible_collections.mssante.hygiene.plugins.module_utils.model import Bal, BAL_TYPES, Situation

COLUMNS = 31
SEPARATORS = COLUMNS - 1
HEADER_START = b"Type de BAL"
BOM = b"\xef\xbb\xbf"
BLOCK = 8 << 20  # bytes per read: big enough for speed, fixed memory
MAX_REPORTED = 100  # malformed line numbers kept in the report


class ExtractionError(Exception):
    """The file is unusable (too many malformed lines, unreadable)."""


def carrier_of(bal_type, structure):
    """Where the FHIR API would publish this line's BAL (inference from the IG's rules)."""
    if bal_type in ("ORG", "APP"):
        return "Organization"
    if bal_type == "PER" and structure:
        return "PractitionerRole"
    return "Practitioner"


class Reader:
    """One pass over one file; `bals`, `situations` and `report()` afterwards."""

    def __init__(self, domains=(), structures=(), malformed_ratio=0.01, malformed_min=10):
        self.domains = {d.strip().lower().lstrip("@") for d in domains if d and d.strip()}
        self.structures = set()
        for value in structures or ():
            # FINESS (or idNat_Struct "1" + FINESS); other structure ids are matched as given
            finess = ids.normalize_finess(value)[0]
            self.structures.add(finess or str(value).strip().upper())
        self.structures.discard("")
        self.filtered = bool(self.domains or self.structures)
        self.needles = ([("@" + d).encode("utf-8") for d in sorted(self.domains)]
                        + [s.encode("ascii", "replace") for s in sorted(self.structures)])
        self.malformed_ratio = malformed_ratio
        self.malformed_min = malformed_min
        self.bals = {}
        self._situations = {}
        self.examined = 0  # lines decoded and checked (all of them when not filtered)
        self.lines_seen = 0
        self.kept = 0
        self.duplicates = 0
        self.malformed = 0
        self.malformed_lines = []
        self.header = False
        self.bytes = 0
        self.seconds = 0.0

    # -- malformed bookkeeping -------------------------------------------------------------
    def _bad(self, where, reason):
        """where: a line number, or ("offset", n) resolved to a line number at the end."""
        self.malformed += 1
        if len(self.malformed_lines) < MAX_REPORTED:
            self.malformed_lines.append({"line": where, "reason": reason})

    # -- one line ------------------------------------------------------------------------
    def _line(self, raw, where):
        self.examined += 1
        text = raw.decode("utf-8", "replace").rstrip("\r")
        fields = text.split("|")
        if len(fields) != COLUMNS:
            if self.filtered and not self._wanted_text(text):
                return  # a broken line that is not ours anyway
            self._bad(where, "%d colonnes au lieu de %d" % (len(fields), COLUMNS))
            return
        bal_type, address = fields[0].strip().upper(), fields[1].strip().lower()
        structure = _structure(fields[5].strip(), fields[6].strip())
        domain = address.rpartition("@")[2]
        if self.filtered and domain not in self.domains and structure not in self.structures:
            return  # the needle was elsewhere in the line (a name, another column)
        if bal_type not in BAL_TYPES or "@" not in address:
            self._bad(where, "type de BAL %s ou adresse %s invalide" % (quoted(fields[0]), quoted(fields[1])))
            return
        rpps = ids.normalize_rpps(fields[3])[0] if fields[3].strip() else ""
        if not rpps and fields[4].strip():
            rpps = ids.normalize_rpps(fields[4])[0]
        self.kept += 1
        bal = self.bals.get(address)
        if bal is None:
            bal = self.bals[address] = Bal(address=address, type=bal_type)
        else:
            self.duplicates += 1
        carrier = carrier_of(bal_type, structure)
        if carrier not in bal.carrier:
            bal.carrier = sorted(bal.carrier + [carrier])
        bal.rpps = bal.rpps or rpps
        if structure and structure not in bal.structures:
            bal.structures = sorted(bal.structures + [structure])
        bal.service = bal.service or fields[7].strip()
        if bal_type == "PER" and rpps and structure:
            # the file has no idSituationExercice: a situation is known by (RPPS, structure)
            self._situations[(rpps, structure)] = Situation(id="", rpps=rpps, structure=structure)

    def _wanted_text(self, text):
        low = text.lower()
        return any(n.decode("utf-8", "replace").lower() in low for n in self.needles)

    # -- the file --------------------------------------------------------------------------
    def read_stream(self, stream):
        """One pass; returns True when malformed line numbers still need `resolve_lines`."""
        start = time.monotonic()
        first = stream.readline()
        offset = len(first)
        if first.startswith(BOM):
            first = first[len(BOM):]
        if first.startswith(HEADER_START):
            self.header = True
        elif first.strip():
            self.lines_seen = 1
            self._line(first.rstrip(b"\n"), 1)
        if self.filtered:
            offset = self._scan_filtered(stream, offset)
        else:
            number = 1
            for raw in stream:
                number += 1
                offset += len(raw)
                if raw.strip():
                    self._line(raw.rstrip(b"\n"), number)
                elif raw != b"\n" or number > 1:
                    self._bad(number, "ligne vide")
            self.lines_seen = number - 1
        self.bytes = offset
        self.seconds += time.monotonic() - start
        return any(isinstance(m["line"], tuple) for m in self.malformed_lines)

    def _candidate(self, raw, offset):
        if any(n in raw for n in self.needles):
            self._line(raw, ("offset", offset))

    def _scan_filtered(self, stream, offset):
        """grep -F over fixed blocks: only lines holding a needle are decoded."""
        buf = bytearray(BLOCK)
        carry, carry_offset = b"", offset
        while True:
            size = stream.readinto(buf)
            if not size:
                break
            first_nl = buf.find(b"\n", 0, size)
            if first_nl < 0:
                carry += bytes(buf[:size])
                offset += size
                continue
            # the line that straddles the previous block and this one
            self._candidate(carry + bytes(buf[:first_nl]), carry_offset)
            last_nl = buf.rfind(b"\n", 0, size)
            spans = set()
            for needle in self.needles:
                pos = buf.find(needle, first_nl + 1, last_nl)
                while pos >= 0:
                    line_end = buf.find(b"\n", pos, last_nl + 1)
                    spans.add((buf.rfind(b"\n", 0, pos) + 1, line_end))
                    pos = buf.find(needle, line_end, last_nl)
            for line_start, line_end in sorted(spans):
                self._line(bytes(buf[line_start:line_end]), ("offset", offset + line_start))
            carry, carry_offset = bytes(buf[last_nl + 1:size]), offset + last_nl + 1
            offset += size
        if carry.strip():
            self._candidate(carry, carry_offset)
        return offset

    def resolve_lines(self, stream):
        """Second pass, only when malformed lines were found: byte offsets -> line numbers."""
        wanted = sorted({m["line"][1] for m in self.malformed_lines if isinstance(m["line"], tuple)})
        numbers, offset, number, index = {}, 0, 0, 0
        for raw in stream:
            number += 1
            while index < len(wanted) and wanted[index] < offset + len(raw):
                numbers[wanted[index]] = number
                index += 1
            offset += len(raw)
            if index == len(wanted):
                break
        for item in self.malformed_lines:
            if isinstance(item["line"], tuple):
                item["line"] = numbers.get(item["line"][1], 0)

    def check_threshold(self, location=""):
        limit = max(self.malformed_min, int(self.examined * self.malformed_ratio))
        if self.malformed > limit:
            shown = ", ".join(str(m["line"]) for m in self.malformed_lines[:10])
            raise ExtractionError(
                "%s : %d lignes mal formées sur %d examinées (seuil %d, voir "
                "malformed_ratio), par exemple les lignes %s : est-ce bien un fichier "
                "Extraction_Correspondance_MSSante (31 colonnes séparées par « | ») ?"
                % (" ".join(filter(None, ("extraction_path", location))), self.malformed, self.examined,
                   limit, shown))

    def situations(self):
        return [self._situations[k] for k in sorted(self._situations)]

    def report(self):
        return {"examined": self.examined, "header": self.header, "kept": self.kept,
                "bals": len(self.bals), "duplicates": self.duplicates,
                "malformed": self.malformed, "malformed_lines": list(self.malformed_lines),
                "bytes": self.bytes, "seconds": round(self.seconds, 3)}


def _structure(kind, value):
    """FINESS for an idNat_Struct "1" + FINESS (type 1), else the identifier as published."""
    if not value:
        return ""
    if kind in ("1", "") and len(value) == 10 and value.startswith("1"):
        finess, problem = ids.normalize_finess(value)
        if not problem:
            return finess
    return value.upper()


def read_extraction(location, domains=(), structures=(), ssl_context=None, timeout=30,
                    malformed_ratio=0.01, malformed_min=10):
    """Read a file (path or URL, zip or txt) -> Reader with bals, situations(), report()."""
    reader = Reader(domains, structures, malformed_ratio, malformed_min)
    with open_binary(location, ssl_context=ssl_context, timeout=timeout) as (stream, name):
        unresolved = reader.read_stream(stream)
        reader.name = name
    if unresolved:
        with open_binary(location, ssl_context=ssl_context, timeout=timeout) as (stream, _name):
            reader.resolve_lines(stream)
    reader.check_threshold(location)
    return reader
