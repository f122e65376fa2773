# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The group report (GHT): the latest audit.json of several platforms merged into one document.

Same shape as a platform's audit.json, so the same renderers write its CSV, HTML and XLSX; each
BAL, finding, request and change says its `platform`, and `platforms` lists what was merged.
Only files are read, never a server. The document is dated by the newest audit merged, so the
same inputs always give the same bytes.
"""

from __future__ import annotations

from ansible_collections.mssante.hygiene.plugins.module_utils.paris_time import parse_utc
from ansible_collections.mssante.hygiene.plugins.module_utils.report.group_history import (
    merge_changes, merge_requests, merge_trend)
from ansible_collections.mssante.hygiene.plugins.module_utils.report.group_input import read_group
from ansible_collections.mssante.hygiene.plugins.module_utils.report.group_merge import tagged
from ansible_collections.mssante.hygiene.plugins.module_utils.report.group_summary import merge_summaries


def _entries(audits, key):
    """Every platform's `key` entries with their platform, by platform then address (each platform's order kept)."""
    rows = [tagged(audit.platform, entry) for audit in audits for entry in audit.document[key]]
    return sorted(rows, key=lambda row: (row["platform"], row["address"]))


def platform_line(audit):
    summary = audit.document["summary"]
    return {"platform": audit.platform, "generated_at": audit.document["generated_at"],
            "mailboxes": summary.get("mailboxes", len(audit.document["mailboxes"])),
            "findings": summary.get("findings", len(audit.document["findings"]))}


def merge_audits(name, audits):
    """The group document from PlatformAudits (the order given decides whose thresholds are shown)."""
    return {
        "generated_at": max((audit.document["generated_at"] for audit in audits), key=parse_utc),
        "platform": name,
        "summary": merge_summaries(name, audits),
        "findings": _entries(audits, "findings"),
        "mailboxes": _entries(audits, "mailboxes"),
        "requests": merge_requests(audits),
        "changes": merge_changes(audits),
        "trend": merge_trend(audits),
        "platforms": sorted((platform_line(audit) for audit in audits), key=lambda line: line["platform"]),
    }


def group_document(name, reports):
    """Read every {platform, path} of `reports` and merge them; GroupInputError names a bad input."""
    return merge_audits(name, read_group(reports))
