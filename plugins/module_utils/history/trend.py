# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The trend over the kept audits: one point per audit, oldest first, the current one last.

Each snapshot carries the points before it, so the trend survives an unreadable or pruned file:
the points are gathered from every snapshot read, one per date.
"""

from __future__ import annotations

from ansible_collections.mssante.hygiene.plugins.module_utils.paris_time import parse_utc


def earlier_points(snapshots, before, keep):
    """The points of the audits strictly before `before` (ISO UTC), at most `keep` - 1, oldest first."""
    limit = parse_utc(before)
    points = {}
    for snapshot in snapshots:
        for point in list(snapshot.get("trend", ())) + [snapshot["point"]]:
            moment = parse_utc(point.get("generated_at"))
            if moment is not None and moment < limit:
                points[moment] = point
    kept = [points[moment] for moment in sorted(points)]
    # max(): a negative start would count from the end and drop points while fewer than keep - 1 are kept
    return kept[max(len(kept) - keep + 1, 0):] if keep > 1 else []


def trend(earlier, current):
    """The trend of audit.json: the earlier points, then the current one."""
    return list(earlier) + [current]
