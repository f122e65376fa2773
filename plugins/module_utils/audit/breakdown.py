# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Findings broken down by site (FINESS EG) and by service, for the management report.

One entry per site or service, in a fixed order (known keys sorted, the unknown "" last) and
with every code and severity counted (zeros included), so reports compare run to run.
"""

from __future__ import annotations

from ansible_collections.mssante.hygiene.plugins.module_utils.audit.codes import CODES, SEVERITIES


def _order(key):
    return (key == "", key)


def _entry(per_row):
    by_code = dict.fromkeys(CODES, 0)
    by_severity = dict.fromkeys(SEVERITIES, 0)
    for _row, found in per_row:
        for finding in found:
            by_code[finding.code] += 1
            by_severity[finding.severity] += 1
    return {"mailboxes": len(per_row), "mailboxes_with_findings": sum(1 for _row, found in per_row if found),
            "findings": sum(by_code.values()), "by_code": by_code, "by_severity": by_severity}


def _grouped(per_row, key, always=()):
    groups = {value: [] for value in always}
    for row, found in per_row:
        groups.setdefault(key(row), []).append((row, found))
    return [(value, groups[value]) for value in sorted(groups, key=_order)]


def by_site(per_row, identity):
    """Every EG of the establishment (even without BAL) and any other site a row names, sorted; "" last."""
    return [dict({"site": site, "name": identity.site_names.get(site, "")}, **_entry(rows))
            for site, rows in _grouped(per_row, lambda row: row.site, identity.finess_eg)]


def by_service(per_row):
    """Every service a row names, then "" (sans service)."""
    return [dict({"service": service}, **_entry(rows))
            for service, rows in _grouped(per_row, lambda row: row.service)]
