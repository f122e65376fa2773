# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Write the audit report (audit.json, audit.csv, audit.html, audit.xlsx) under a report directory.

Files hold personal data: mode 0600, directory created 0700, written atomically (temporary
file + fsync + rename) so a reader never sees half a report. `generated_at` aside, the same
audit gives the same bytes: a file whose content only differs by its generation time is left
untouched and reported unchanged, which lets the module say changed=false on reruns.
A renderer whose library is missing (XlsxWriter for audit.xlsx) returns None: its file is
neither planned nor written, and `missing_report_warnings` says so in French.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import stat
from dataclasses import dataclass

from ansible_collections.mssante.hygiene.plugins.module_utils.files import make_private_dirs, write_atomic
from ansible_collections.mssante.hygiene.plugins.module_utils.report.csv_writer import render_csv
from ansible_collections.mssante.hygiene.plugins.module_utils.report.data import render_json, report_document
from ansible_collections.mssante.hygiene.plugins.module_utils.report.html_page import render_html
from ansible_collections.mssante.hygiene.plugins.module_utils.report.xlsx_writer import (
    XLSX_MISSING, render_xlsx, xlsx_available, xlsx_stamp)

FILE_MODE = 0o600
RENDERERS = (("audit.json", render_json), ("audit.csv", render_csv), ("audit.html", render_html),
             ("audit.xlsx", render_xlsx))
_HTML_STAMP = re.compile(rb'<meta name="generated-at" content="([^"]*)">')


@dataclass
class ReportFile:
    name: str
    path: str
    content: bytes  # None once released (write_reports with keep_content=False)
    changed: bool  # content differs (ignoring generated_at) or the mode is not 0600
    size: int = -1

    def __post_init__(self):
        if self.size < 0:
            self.size = len(self.content)

    def as_dict(self):
        return {"name": self.name, "path": self.path, "changed": self.changed, "size": self.size}


def _phase(timer, name):
    """The timer's phase (PhaseTimer), or nothing to time."""
    return timer.phase(name) if timer is not None else contextlib.nullcontext()


def _read(path):
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError:
        return None


def _previous_stamp(name, old):
    """The generated_at of an existing report file, or None."""
    if not old:
        return None
    if name == "audit.json":
        try:
            return json.loads(old.decode("utf-8")).get("generated_at")
        except (ValueError, AttributeError):
            return None
    if name == "audit.xlsx":
        return xlsx_stamp(old)
    match = _HTML_STAMP.search(old)
    return match.group(1).decode("utf-8") if match else None


def _mode_ok(path):
    try:
        return stat.S_IMODE(os.stat(path).st_mode) == FILE_MODE
    except OSError:
        return False


def _planned(report_dir, document_at, generated_at, timer=None):
    """One ReportFile at a time, rendered and compared with the file on disk, nothing touched:
    a caller that writes each before asking for the next holds one rendering at a time."""
    for name, renderer in RENDERERS:
        path = os.path.join(report_dir, name)
        old = _read(path)
        stamp = _previous_stamp(name, old)
        if old is not None and stamp:
            with _phase(timer, "render"):
                unchanged = renderer(document_at(stamp))
            if unchanged == old:
                yield ReportFile(name, path, old, changed=not _mode_ok(path))
                continue
            del unchanged
        with _phase(timer, "render"):
            content = renderer(document_at(generated_at))
        if content is None:  # its library is missing: see missing_report_warnings
            continue
        yield ReportFile(name, path, content, changed=content != old or not _mode_ok(path))
        del old, content


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


def plan_files(report_dir, document_at, generated_at):
    """What would be written for the document `document_at(stamp)` dated `generated_at`, nothing touched."""
    return list(_planned(report_dir, _last_document(document_at), generated_at))


def plan_reports(report_dir, result, platform, generated_at):
    """What would be written: one ReportFile per output, nothing touched on disk."""
    return plan_files(report_dir, lambda stamp: report_document(result, platform, stamp), generated_at)


def missing_report_warnings():
    """French warnings for the report files that cannot be written here (a library is missing)."""
    return [] if xlsx_available() else [XLSX_MISSING]


def _write_changed(report_dir, files, check_mode, keep_content=True, timer=None):
    """Write each changed file as it comes (outside check mode); without `keep_content`, its bytes
    are dropped once written, before the next file is rendered."""
    done, made = [], False
    for report in files:
        if report.changed and not check_mode:
            with _phase(timer, "write"):
                if not made:
                    make_private_dirs(report_dir)
                    made = True
                write_atomic(report.path, report.content, FILE_MODE)
        if not keep_content:
            report.content = None
        done.append(report)
    return done


def write_reports(report_dir, result, platform, generated_at, check_mode=False, keep_content=True, document=None,
                  timer=None):
    """Plan, then (outside check mode) write the files that changed; returns the ReportFiles.

    `document`: report_document(result, platform, generated_at) when the caller already built it;
    `timer`: a PhaseTimer that gets the "render" and "write" phases.
    """
    document_at = _last_document(lambda stamp: report_document(result, platform, stamp), document, generated_at)
    return _write_changed(report_dir, _planned(report_dir, document_at, generated_at, timer), check_mode,
                          keep_content, timer)


def write_document(report_dir, document, check_mode=False):
    """Write the files of a whole report document (the group report), like write_reports."""
    files = _planned(report_dir, _last_document(lambda stamp: dict(document, generated_at=stamp)),
                     document["generated_at"])
    return _write_changed(report_dir, files, check_mode)
