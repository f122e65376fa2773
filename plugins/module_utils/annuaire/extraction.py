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
when there are some. Domains are matched whatever their case (one case-insensitive regular
expression anchored on "@", as fast as a plain search), structure ids in both cases of their
letters (Corsican FINESS "2A"/"2B"). Without a filter every line is decoded and checked.

A file is used only when it proves itself complete (`check_complete`): not empty, neither an
HTML page nor UTF-16, its first line the 31-column header, at least `min_lines` data lines,
and its last line a whole record of 31 columns (a download cut in the middle of a line leaves
fewer). Newlines are counted in every block, so the number of lines is exact even when filtered.

Column meanings beyond "Type de BAL" and "Adresse BAL" (identifier types, idNat_Struct) are
inferred from the column names and sample data, not from an official specification.
"""

from __future__ import annotations

import re
import time
import zipfile
import zlib

from ansible_collections.mssante.hygiene.plugins.module_utils.errors import MssanteError
from ansible_collections.mssante.hygiene.plugins.module_utils import identifiers as ids
from ansible_collections.mssante.hygiene.plugins.module_utils.addresses import address_problem
from ansible_collections.mssante.hygiene.plugins.module_utils.annuaire.source import open_binary
from ansible_collections.mssante.hygiene.plugins.module_utils.fr_text import quoted
from ansible_collections.mssante.hygiene.plugins.module_utils.records import Bal, BAL_TYPES, Situation

COLUMNS = 31
SEPARATORS = COLUMNS - 1
HEADER_START = b"Type de BAL"
BOM = b"\xef\xbb\xbf"
BLOCK = 8 << 20  # bytes per read: big enough for speed, fixed memory
MAX_REPORTED = 100  # malformed line numbers kept in the report
TAIL = 1 << 16  # bytes kept from the end of the file to check its last record
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


class ExtractionError(MssanteError):
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

    def __init__(self, domains=(), structures=(), malformed_ratio=0.01, malformed_min=10, min_lines=1):
        self.domains = {d.strip().lower().lstrip("@") for d in domains if d and d.strip()}
        self.structures = set()
        for value in structures or ():
            # FINESS (or idNat_Struct "1" + FINESS); other structure ids are matched as given
            finess = ids.normalize_finess(value)[0]
            self.structures.add(finess or str(value).strip().upper())
        self.structures.discard("")
        self.filtered = bool(self.domains or self.structures)
        # domains: one case-insensitive pattern ("@" anchors it); structure ids: both letter cases
        self.domain_pattern = (re.compile(b"@(?:%s)" % b"|".join(
            re.escape(d.encode("utf-8")) for d in sorted(self.domains)), re.IGNORECASE)
            if self.domains else None)
        self.needles = sorted({variant.encode("ascii", "replace")
                               for s in self.structures for variant in (s, s.lower())})
        self.min_lines = min_lines
        self.invalid = []  # published addresses unusable downstream: skipped, with their line
        self.first = b""
        self.tail = b""
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
        problem = address_problem(address)
        if problem:
            if len(self.invalid) < MAX_REPORTED:
                self.invalid.append({"line": where, "address": address[:120], "reason": problem})
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
        return self._has_needle(text.encode("utf-8"))

    def _has_needle(self, raw):
        if self.domain_pattern is not None and self.domain_pattern.search(raw):
            return True
        return any(n in raw for n in self.needles)

    # -- the file --------------------------------------------------------------------------
    def read_stream(self, stream):
        """One pass; returns True when malformed line numbers still need `resolve_lines`."""
        start = time.monotonic()
        first = stream.readline()
        offset = len(first)
        self.first = first[:4096]
        self.tail = first[-TAIL:]
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
                self.tail = raw[-TAIL:]
                if raw.strip():
                    self._line(raw.rstrip(b"\n"), number)
                elif raw != b"\n" or number > 1:
                    self._bad(number, "ligne vide")
            self.lines_seen += number - 1
        self.bytes = offset
        self.seconds += time.monotonic() - start
        return any(isinstance(m["line"], tuple) for m in self.malformed_lines + self.invalid)

    def _candidate(self, raw, offset):
        if self._has_needle(raw):
            self._line(raw, ("offset", offset))

    def _spans(self, buf, start, stop):
        """(line start, line end) of every line of buf[start:stop] holding a needle."""
        spans = set()
        hits = ([m.start() for m in self.domain_pattern.finditer(buf, start, stop)]
                if self.domain_pattern is not None else [])
        for needle in self.needles:
            pos = buf.find(needle, start, stop)
            while pos >= 0:
                hits.append(pos)
                pos = buf.find(needle, pos + 1, stop)
        for pos in hits:
            spans.add((buf.rfind(b"\n", 0, pos) + 1, buf.find(b"\n", pos, stop + 1)))
        return spans

    def _scan_filtered(self, stream, offset):
        """grep -F over fixed blocks: only lines holding a needle are decoded."""
        buf = bytearray(BLOCK)
        carry, carry_offset = b"", offset
        while True:
            size = stream.readinto(buf)
            if not size:
                break
            self.lines_seen += buf.count(b"\n", 0, size)
            self.tail = (self.tail + bytes(buf[max(0, size - TAIL):size]))[-TAIL:]
            first_nl = buf.find(b"\n", 0, size)
            if first_nl < 0:
                carry += bytes(buf[:size])
                offset += size
                continue
            # the line that straddles the previous block and this one
            self._candidate(carry + bytes(buf[:first_nl]), carry_offset)
            last_nl = buf.rfind(b"\n", 0, size)
            for line_start, line_end in sorted(self._spans(buf, first_nl + 1, last_nl)):
                self._line(bytes(buf[line_start:line_end]), ("offset", offset + line_start))
            carry, carry_offset = bytes(buf[last_nl + 1:size]), offset + last_nl + 1
            offset += size
        if carry.strip():
            self.lines_seen += 1  # a last line without a final newline
            self._candidate(carry, carry_offset)
        return offset

    def resolve_lines(self, stream):
        """Second pass, only when malformed lines were found: byte offsets -> line numbers."""
        located = self.malformed_lines + self.invalid
        wanted = sorted({m["line"][1] for m in located if isinstance(m["line"], tuple)})
        numbers, offset, number, index = {}, 0, 0, 0
        for raw in stream:
            number += 1
            while index < len(wanted) and wanted[index] < offset + len(raw):
                numbers[wanted[index]] = number
                index += 1
            offset += len(raw)
            if index == len(wanted):
                break
        for item in located:
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

    def check_kind(self, location=""):
        """ExtractionError unless the file is an extraction file: UTF-8 text with the 31-column header."""
        first = self.first[len(BOM):] if self.first.startswith(BOM) else self.first
        problem = None
        if not self.bytes:
            problem = "fichier vide (0 octet)"
        elif first.startswith(UTF16_BOMS) or b"\x00" in first:
            problem = "fichier encodé en UTF-16 (octets nuls), le fichier national est en UTF-8"
        elif first.lstrip()[:1] == b"<":
            problem = "page HTML (page d'erreur ou de connexion ?) au lieu du fichier"
        elif not self.header:
            problem = "en-tête absent : la première ligne doit commencer par « Type de BAL »"
        elif first.count(b"|") != SEPARATORS:
            problem = "en-tête non reconnu : %d colonnes au lieu de %d" % (first.count(b"|") + 1, COLUMNS)
        _incomplete(location, problem)

    def check_complete(self, location=""):
        """ExtractionError unless the file holds enough lines and ends on a whole record."""
        problem = None
        if not self.lines_seen:
            problem = "en-tête seul, aucune ligne de données"
        elif self.lines_seen < self.min_lines:
            problem = ("%d ligne(s) de données seulement, moins que min_lines (%d) : fichier tronqué ou "
                       "d'un autre type ?" % (self.lines_seen, self.min_lines))
        else:
            last = self.tail.rstrip(b"\r\n").rpartition(b"\n")[2]
            if last.count(b"|") != SEPARATORS:
                problem = ("fichier coupé : la dernière ligne a %d colonnes au lieu de %d (téléchargement "
                           "ou copie interrompu ?)" % (last.count(b"|") + 1, COLUMNS))
        _incomplete(location, problem)

    def invalid_warnings(self, location=""):
        """One French warning per published address that cannot be used (skipped)."""
        return ["extraction_path %s ligne %s : adresse %r ignorée (%s)"
                % (location, item["line"], item["address"], item["reason"]) for item in self.invalid]

    def situations(self):
        return [self._situations[k] for k in sorted(self._situations)]

    def report(self):
        return {"examined": self.examined, "header": self.header, "kept": self.kept,
                "lines": self.lines_seen, "invalid_addresses": len(self.invalid),
                "bals": len(self.bals), "duplicates": self.duplicates,
                "malformed": self.malformed, "malformed_lines": list(self.malformed_lines),
                "bytes": self.bytes, "seconds": round(self.seconds, 3)}


def _incomplete(location, problem):
    if problem:
        raise ExtractionError("%s : %s ; lecture incomplète, rien n'en est conclu"
                              % (" ".join(filter(None, ("extraction_path", location))), problem))


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
                    malformed_ratio=0.01, malformed_min=10, min_lines=1):
    """Read a file (path or URL, zip or txt) -> Reader with bals, situations(), report().

    ExtractionError when the file does not prove itself complete (see Reader.check_complete).
    """
    reader = Reader(domains, structures, malformed_ratio, malformed_min, min_lines)
    try:
        with open_binary(location, ssl_context=ssl_context, timeout=timeout) as (stream, name):
            unresolved = reader.read_stream(stream)
            reader.name = name
        reader.check_kind(location)
        if unresolved:
            with open_binary(location, ssl_context=ssl_context, timeout=timeout) as (stream, _name):
                reader.resolve_lines(stream)
    except (zipfile.BadZipFile, EOFError, zlib.error):  # a zip member cut short or corrupted
        raise ExtractionError("extraction_path %s : archive zip tronquée ou corrompue (contenu illisible) ; "
                              "lecture incomplète, rien n'en est conclu" % location)
    reader.check_threshold(location)
    reader.check_complete(location)
    return reader
