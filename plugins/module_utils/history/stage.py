# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The history stage of bal_audit: read the kept snapshots, compare, then (outside check mode) keep this audit.

`plan_history` reads only; `HistoryPlan.apply` writes the new snapshot and prunes. When the
newest snapshot already says what this audit says, nothing is written and this audit *is* that
snapshot (its date is the trend point's and the first_seen of new findings; the changes are
those since the snapshot before it): a rerun on the same data gives the same report.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from ansible_collections.mssante.hygiene.plugins.module_utils.errors import OptionError
from ansible_collections.mssante.hygiene.plugins.module_utils.history import store
from ansible_collections.mssante.hygiene.plugins.module_utils.history.changes import changes, first_seen_map
from ansible_collections.mssante.hygiene.plugins.module_utils.history.requests_view import request_states, requests_list
from ansible_collections.mssante.hygiene.plugins.module_utils.history.snapshot import (
    build_snapshot, request_counts, same_content, trend_point)
from ansible_collections.mssante.hygiene.plugins.module_utils.history.trend import earlier_points

# the newest readable snapshot is compared with, the one before it gives the changes when they are the same
_READ = 2


@dataclass
class HistoryPlan:
    directory: str  # "" without a state directory
    generated_at: str  # this audit's date in the history (the newest snapshot's when unchanged)
    requests: list
    changes: dict
    trend: list
    first_seen: dict  # (address, code) -> ISO UTC
    snapshot: dict = None  # to write; None when there is nothing new to keep
    path: str = ""
    prune: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    reused: bool = False  # this audit is the newest snapshot already kept

    def apply(self, check_mode=False):
        """Write the snapshot, then prune (nothing in check mode); what was (or would be) done."""
        if not check_mode:
            if self.snapshot is not None:
                store.write_snapshot(self.directory, self.snapshot)
            store.prune(self.prune)
        return {"dir": self.directory, "written": self.path, "pruned": list(self.prune)}

    @property
    def changed(self):
        return bool(self.path or self.prune)


def _check_keep(keep):
    if keep is None or keep < 0:
        raise OptionError("history_keep doit être un nombre d'audits positif ou nul (0 : aucun historique), "
                          "pas %s" % keep, parameter="history_keep")


def _read_newest(paths):
    """The newest readable snapshots (at most _READ, newest first) and the notes of the unreadable ones met."""
    readable, notes = [], []
    for path in reversed(paths):
        snapshot, note = store.read_snapshot(path)
        if note:
            notes.append(note)
        else:
            readable.append(snapshot)
            if len(readable) == _READ:
                break
    return readable, notes


def plan_history(state_dir, keep, result, platform, now):
    """What the history says of this audit result (`now`: aware UTC datetime); reads only."""
    _check_keep(keep)
    generated_at = now.isoformat()
    requests = requests_list(state_dir, now)
    states = request_states(requests)
    findings = [f if isinstance(f, dict) else f.as_dict() for f in result["findings"]]
    directory = store.history_dir(state_dir) if state_dir else ""
    paths = store.snapshot_paths(directory) if directory else []
    readable, notes = _read_newest(paths) if keep else ([], [])
    latest = readable[0] if readable else None
    first_seen = first_seen_map(findings, latest, generated_at)
    earlier = earlier_points(readable, generated_at, keep)
    candidate = build_snapshot(result, platform, generated_at, states, first_seen, earlier)
    plan = HistoryPlan(directory, generated_at, requests, None, None, first_seen, notes=notes)
    if latest is not None and same_content(candidate, latest):
        # this audit is the newest snapshot: its date, its first_seen, the changes since the one before
        plan.generated_at, plan.reused = latest["generated_at"], True
        plan.first_seen = first_seen_map(findings, latest, plan.generated_at)
        previous = readable[1] if len(readable) > 1 else None
        earlier = earlier_points(readable, plan.generated_at, keep)
        plan.prune = store.to_prune(paths, keep)
    else:
        previous = latest
        if keep and directory:
            plan.snapshot, plan.path = candidate, os.path.join(directory, store.file_name(generated_at))
        plan.prune = store.to_prune(sorted(set(paths) | ({plan.path} if plan.path else set())), keep)
    plan.changes = changes(findings, states, previous, plan.first_seen)
    plan.trend = earlier + [trend_point(result["summary"], plan.generated_at, states)]
    return plan


def attach_history(result, plan):
    """Hand the history's pieces to the report through the audit result (report/ reads no history).

    This run's own date is left None (first_seen of new findings, the last trend point): the report
    writes its generated_at there, so a report rewritten at another time compares equal.
    """
    own = None if plan.reused else plan.generated_at
    result["first_seen"] = {key: (None if seen == own else seen) for key, seen in plan.first_seen.items()}
    result["trend"] = plan.trend[:-1] + [dict(plan.trend[-1], generated_at=plan.trend[-1]["generated_at"]
                                              if plan.reused else None)]
    result["requests"] = plan.requests
    result["changes"] = plan.changes
    result["summary"]["requests"] = request_counts(plan.requests)
    result["summary"]["notes"] = list(result["summary"].get("notes", [])) + plan.notes
    return result
