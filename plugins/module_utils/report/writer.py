# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Write the audit report (audit.json, audit.csv, audit.html, audit.xlsx) under a report directory.

Files hold personal data: mode 0600, directory created 0700, written atomically (temporary
file + fsync + rename) so a reader never sees half a report. `generated_at` aside, the same
audit gives the same bytes: a file whose content only differs by its generation time is left
untouched and reported unchanged, which lets the module say changed=false on reruns.

Nothing holds a whole file: each renderer yields chunks, which go through a SHA-256 into the
temporary file (or, in check mode, only through the hash), and the file on disk is compared by
its hash and size, its generation time read from its first bytes. At 10,000 BALs audit.json is
about 20 MB: reading it back whole and rendering it twice in memory made the audit's peak.
A renderer whose library is missing (XlsxWriter for audit.xlsx) returns None: its file is
neither planned nor written, and `missing_report_warnings` says so in French.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import stat
from dataclasses import dataclass

from ansible_collections.mssante.hygiene.plugins.module_utils.files import AtomicFile, make_private_dirs
from ansible_collections.mssante.hygiene.plugins.module_utils.report.csv_writer import csv_chunks
from ansible_collections.mssante.hygiene.plugins.module_utils.report.data import json_chunks, report_document
from ansible_collections.mssante.hygiene.plugins.module_utils.report.html_page import html_chunks
from ansible_collections.mssante.hygiene.plugins.module_utils.report.xlsx_writer import (
    XLSX_MISSING, render_xlsx, xlsx_available, xlsx_stamp)

FILE_MODE = 0o600
_READ_BLOCK = 1 << 20
# the generation time sits in a file's first bytes (audit.json's first key, audit.html's <head>)
_HEAD_BYTES = 4096
_STAMPS = {"audit.json": re.compile(rb'\A\{\s*"generated_at":\s*"([^"\\]*)"'),
           "audit.html": re.compile(rb'<meta name="generated-at" content="([^"]*)">')}


def _xlsx_chunks(document):
    """audit.xlsx in one chunk (about a twentieth of audit.json: XlsxWriter builds it whole), rendered
    when read, like the others; None without XlsxWriter."""
    return _xlsx_rendering(document) if xlsx_available() else None


def _xlsx_rendering(document):
    yield render_xlsx(document)


RENDERERS = (("audit.json", json_chunks), ("audit.csv", csv_chunks), ("audit.html", html_chunks),
             ("audit.xlsx", _xlsx_chunks))


@dataclass
class ReportFile:
    name: str
    path: str
    changed: bool  # content differs (ignoring generated_at) or the mode is not 0600
    size: int
    sha256: str

    def as_dict(self):
        return {"name": self.name, "path": self.path, "changed": self.changed, "size": self.size}


def _phase(timer, name):
    """The timer's phase (PhaseTimer), or nothing to time."""
    return timer.phase(name) if timer is not None else contextlib.nullcontext()


def _tally(chunks, out=None):
    """(sha256, size) of the chunks, each also written to `out` when given."""
    digest, size = hashlib.sha256(), 0
    for chunk in chunks:
        digest.update(chunk)
        size += len(chunk)
        if out is not None:
            out.write(chunk)
    return digest.hexdigest(), size


def _blocks(handle):
    return iter(lambda: handle.read(_READ_BLOCK), b"")


def _on_disk(path):
    """(sha256, size) of the file at `path`, or None when it cannot be read."""
    try:
        with open(path, "rb") as handle:
            return _tally(_blocks(handle))
    except OSError:
        return None


def _previous_stamp(name, path):
    """The generated_at of an existing report file, or None."""
    if name != "audit.xlsx" and name not in _STAMPS:
        return None  # audit.csv does not carry it
    try:
        with open(path, "rb") as handle:
            if name == "audit.xlsx":
                return xlsx_stamp(handle.read())
            match = _STAMPS[name].search(handle.read(_HEAD_BYTES))
    except OSError:
        return None
    return match.group(1).decode("utf-8", "replace") if match else None


def _mode_ok(path):
    try:
        return stat.S_IMODE(os.stat(path).st_mode) == FILE_MODE
    except OSError:
        return False


class _Directory:
    """The report directory, created (0700) before the first file written, not before."""

    def __init__(self, path):
        self.path, self.made = path, False

    def ensure(self):
        if not self.made:
            make_private_dirs(self.path)
            self.made = True


def _rewrite(path, chunks, unchanged, directory, timer):
    """Stream `chunks` into a replacement of `path`, kept unless `unchanged((sha256, size))`; (sha256, size)."""
    directory.ensure()
    with _phase(timer, "render"):
        out = AtomicFile(path, FILE_MODE)
        try:
            key = _tally(chunks, out)
        except BaseException:
            out.discard()
            raise
    with _phase(timer, "write"):
        if unchanged(key):
            out.discard()
        else:
            out.commit()
    return key


def _report_files(report_dir, document_at, generated_at, check_mode, timer=None):
    """One ReportFile per output, each rendered, compared and (outside check mode) written before
    the next is rendered."""
    directory = _Directory(report_dir)
    for name, renderer in RENDERERS:
        path = os.path.join(report_dir, name)
        old = _on_disk(path)
        stamp = _previous_stamp(name, path) if old else None
        if stamp:
            with _phase(timer, "render"):
                chunks = renderer(document_at(stamp))
                same = chunks is not None and _tally(chunks) == old
            if same:
                yield _unchanged(name, path, old, check_mode)
                continue
        chunks = renderer(document_at(generated_at))
        if chunks is None:  # its library is missing: see missing_report_warnings
            continue
        mode_ok = _mode_ok(path)

        def unchanged(key, old=old, mode_ok=mode_ok):
            return key == old and mode_ok
        if check_mode:
            with _phase(timer, "render"):
                key = _tally(chunks)
        else:
            key = _rewrite(path, chunks, unchanged, directory, timer)
        yield ReportFile(name, path, not unchanged(key), key[1], key[0])


def _unchanged(name, path, old, check_mode):
    """The file already holds this audit's content: only a wrong mode is mended (changed)."""
    wrong_mode = not _mode_ok(path)
    if wrong_mode and not check_mode:
        os.chmod(path, FILE_MODE)
    return ReportFile(name, path, wrong_mode, old[1], old[0])


def _last_document(build, document=None, generated_at=None):
    """`build(stamp)` remembering the last document built (the four files mostly share one stamp);
    `document`: the one already built for `generated_at`."""
    last = {generated_at: document} if document is not None else {}

    def document_at(stamp):
        if stamp not in last:
            last.clear()
            last[stamp] = build(stamp)
        return last[stamp]
    return document_at


def missing_report_warnings():
    """French warnings for the report files that cannot be written here (a library is missing)."""
    return [] if xlsx_available() else [XLSX_MISSING]


def write_reports(report_dir, result, platform, generated_at, check_mode=False, document=None, timer=None):
    """Write (outside check mode) the report files whose content changed; returns the ReportFiles.

    `document`: report_document(result, platform, generated_at) when the caller already built it;
    `timer`: a PhaseTimer that gets the "render" (rendering and streaming to the temporary file)
    and "write" (fsync and rename) phases.
    """
    document_at = _last_document(lambda stamp: report_document(result, platform, stamp), document, generated_at)
    return list(_report_files(report_dir, document_at, generated_at, check_mode, timer))


def write_document(report_dir, document, check_mode=False):
    """Write the files of a whole report document (the group report), like write_reports."""
    return list(_report_files(report_dir, _last_document(lambda stamp: dict(document, generated_at=stamp)),
                              document["generated_at"], check_mode))
