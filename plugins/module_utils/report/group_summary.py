# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The summary of a group report: the platforms' counts summed, the group's identity, their notes.

Counts (by code, severity, action, site, service, score...) add up. What is not a count is said
once for the group: its name and the union of the FINESS EG and domains; the thresholds of the
first platform, with a note when the platforms do not use the same ones.
"""

from __future__ import annotations

from ansible_collections.mssante.hygiene.plugins.module_utils.fr_text import joined
from ansible_collections.mssante.hygiene.plugins.module_utils.report.group_merge import (
    merge_dicts, merge_values, ordered_keys)


def group_identity(name, establishments):
    """The group as an establishment: its name, every site (FINESS EG) and domain of its platforms."""
    identity = {"name": name, "finess_ej": "", "finess_eg": [], "siret": "", "domains": []}
    for key in ("finess_eg", "domains"):
        identity[key] = sorted({value for est in establishments for value in est.get(key) or []})
    names = [est["site_names"] for est in establishments if isinstance(est.get("site_names"), dict)]
    if names:
        identity["site_names"] = merge_dicts(names)
    return identity


def _differences(platforms, thresholds):
    """'inactivity_days (a : 60, b : 90)' for each threshold the platforms do not share."""
    found = []
    for key in ordered_keys(thresholds):
        values = [(p, t.get(key)) for p, t in zip(platforms, thresholds)]
        if len({repr(v) for _p, v in values}) > 1:
            found.append("%s (%s)" % (key, joined("%s : %s" % (p, "absent" if v is None else v) for p, v in values)))
    return found


def threshold_note(platforms, thresholds):
    """A French note when the platforms' thresholds differ ("" when they agree)."""
    differences = _differences(platforms, thresholds)
    if not differences:
        return ""
    return ("Seuils différents selon les plateformes : %s ; le rapport de groupe affiche ceux de %s, mais chaque "
            "constat a été établi avec les seuils de sa plateforme." % ("; ".join(differences), platforms[0]))


def _breakdown(lists, key):
    """by_site / by_service of the platforms merged on `key`; known values sorted, "" (unknown) last."""
    groups = {}
    for entries in lists:
        for entry in entries:
            if isinstance(entry, dict):
                groups.setdefault(entry.get(key) or "", []).append(entry)
    merged = []
    for value in sorted(groups, key=lambda v: (v == "", v)):
        row = merge_dicts(groups[value])
        row[key] = value
        merged.append(dict([(key, value)] + [(k, v) for k, v in row.items() if k != key]))
    return merged


def _scores(lists):
    """Scores summed per (rule, key): numerators with numerators, denominators with denominators."""
    groups = {}
    for entries in lists:
        for entry in entries:
            if isinstance(entry, dict):
                groups.setdefault((entry.get("rule"), entry.get("key")), []).append(entry)
    merged = [merge_dicts(entries) for entries in groups.values()]
    for (rule, key), row in zip(groups, merged):
        row["rule"], row["key"] = rule, key
    return sorted(merged, key=lambda row: row["rule"] if isinstance(row["rule"], int) else 99)


def merge_summaries(name, audits):
    """One summary for the group, from the PlatformAudits in the order given."""
    platforms = [audit.platform for audit in audits]
    summaries = [audit.document["summary"] for audit in audits]
    thresholds = [s.get("thresholds") or {} for s in summaries]
    note = threshold_note(platforms, thresholds)
    merged = {}
    for key in ordered_keys(summaries):
        values = [s[key] for s in summaries if key in s]
        if key == "establishment":
            merged[key] = group_identity(name, [v for v in values if isinstance(v, dict)])
        elif key == "thresholds":
            merged[key] = thresholds[0]
        elif key == "notes":
            merged[key] = ([note] if note else []) + ["%s : %s" % (p, text) for p, s in zip(platforms, summaries)
                                                      for text in s.get("notes") or []]
        elif key in ("by_site", "by_service"):
            merged[key] = _breakdown([v for v in values if isinstance(v, list)], key[3:])
        elif key == "scores":
            merged[key] = _scores([v for v in values if isinstance(v, list)])
        else:
            merged[key] = merge_values(key, values)
    if note and "notes" not in merged:
        merged["notes"] = [note]
    return merged
