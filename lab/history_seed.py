# SPDX-License-Identifier: GPL-3.0-or-later
"""Give a lab's audit a past: dated snapshots older than its newest one (python -m lab history).

The newest snapshot that playbooks/audit.yml kept under <lab>/state/history/ is the present;
going back `days_between` days at a time, the establishment was worse: a BAL reconnected since
was inactive, more trashes were overdue and all of them fuller, and the requests confirmed or
withdrawn since were still pending. The snapshots are built and written by the history stage
itself (build_snapshot, write_snapshot), so the next audit reads them as its own. A lab tool:
it replaces the older snapshots of that directory, never run it on a real state directory.
"""

import random
from datetime import timedelta

from ansible_collections.mssante.hygiene.plugins.module_utils.audit.codes import CODES
from ansible_collections.mssante.hygiene.plugins.module_utils.audit.inputs import Thresholds
from ansible_collections.mssante.hygiene.plugins.module_utils.history import store
from ansible_collections.mssante.hygiene.plugins.module_utils.history.changes import first_seen_map
from ansible_collections.mssante.hygiene.plugins.module_utils.history.snapshot import build_snapshot
from ansible_collections.mssante.hygiene.plugins.module_utils.history.trend import earlier_points
from ansible_collections.mssante.hygiene.plugins.module_utils.paris_time import parse_utc

SEED = 20261126
THRESHOLDS = Thresholds()  # the demo inventory keeps the collection's defaults
TRASH_GROWTH = 0.15  # each month back, every trash held that much more
EXTRA_OVERDUE_PER_STEP = 2  # each month back, that many more trashes past the purge age
MESSAGE_BYTES = 40_000  # a trashed message, in a trash that was empty


class SeedError(Exception):
    """Why the past cannot be seeded, in French."""


def _finding(address, code):
    _label, _meaning, severity, action = CODES[code]
    return {"address": address, "code": code, "severity": severity, "action": action}


def _bare(finding):
    return {name: finding[name] for name in ("address", "code", "severity", "action")}


class Story:
    """What differs, `step` audits back, from the newest snapshot; chosen once, with a seeded rng."""

    def __init__(self, newest, days_between, seed=SEED):
        rng = random.Random(seed)
        self.newest, self.days_between = newest, days_between
        codes = {}
        for finding in newest["findings"]:
            codes.setdefault(finding["address"], set()).add(finding["code"])
        # the BAL to reconnect: published, recently used, preferably without any finding
        recent = [m for m in newest["mailboxes"] if m["on_platform"] and m["published"] and m["type"] in ("PER", "ORG")
                  and m["inactive_days"] is not None and m["inactive_days"] < THRESHOLDS.inactivity_warning_days]
        if not recent:
            raise SeedError("aucune BAL publiée et utilisée récemment dans le dernier instantané : rien à faire varier")
        clean = [m for m in recent if m["address"] not in codes]
        self.reconnected = rng.choice(sorted(m["address"] for m in clean or recent))
        # the trashes to fill: half of those measured and not already overdue
        others = sorted(m["address"] for m in newest["mailboxes"] if m["trash_bytes"] is not None
                        and "trash_overdue" not in codes.get(m["address"], ()) and m["address"] != self.reconnected)
        self.overdue = rng.sample(others, len(others) // 2)  # the first ones were purged most recently
        self.extra_messages = {address: rng.randrange(20, 60) for address in self.overdue}

    def _inactive_days(self, step):
        """The reconnected BAL's idle days `step` audits back: past the threshold the month before
        it reconnected, fewer further back, and a recent login before its last login."""
        days = THRESHOLDS.inactivity_days + 25 - self.days_between * (step - 1)
        return days if days >= 0 else (-days) % self.days_between

    def _code_of(self, idle):
        if idle >= THRESHOLDS.inactivity_days:
            return "inactive"
        return "inactive_soon" if idle >= THRESHOLDS.inactivity_warning_days else None

    def _requests(self, step):
        # closed requests were pending the audit before; pending ones were not made yet
        return [dict(r, state="pending") for r in self.newest["requests"] if r["state"] != "pending" and step == 1]

    def state(self, step):
        """(findings, mailbox facts, requests) of the audit `step` periods before the newest."""
        overdue = set(self.overdue[:EXTRA_OVERDUE_PER_STEP * step])
        idle = self._inactive_days(step)
        findings = [_bare(f) for f in self.newest["findings"]]
        findings += [_finding(a, "trash_overdue") for a in sorted(overdue)]
        if self._code_of(idle):
            findings.append(_finding(self.reconnected, self._code_of(idle)))
        mailboxes = []
        for facts in self.newest["mailboxes"]:
            facts = dict(facts)
            if facts["trash_bytes"] is not None:
                extra = self.extra_messages[facts["address"]] if facts["address"] in overdue else 0
                grown = round(facts["trash_messages"] * TRASH_GROWTH * step) + extra
                size = facts["trash_bytes"] // facts["trash_messages"] if facts["trash_messages"] else MESSAGE_BYTES
                added = grown * size
                facts["trash_messages"] += grown
                facts["trash_bytes"] += added
                facts["bytes"] = None if facts["bytes"] is None else facts["bytes"] + added
            if facts["address"] == self.reconnected:
                facts["inactive_days"] = idle
            mailboxes.append(facts)
        return findings, mailboxes, self._requests(step)


def _result(findings, mailboxes, point):
    """The audit result build_snapshot expects, from the facts a snapshot keeps."""
    by_code = dict.fromkeys(CODES, 0)
    for finding in findings:
        by_code[finding["code"]] += 1
    documents = point["documents_pending"]
    summary = {"mailboxes": point["mailboxes"], "findings": len(findings), "by_code": by_code,
               "trash_bytes": sum(m["trash_bytes"] or 0 for m in mailboxes),
               "trash_messages": sum(m["trash_messages"] or 0 for m in mailboxes),
               "patient_documents": {"measured": documents is not None, "pending": documents}}
    boxes = [dict(m, patient_documents=None if m["documents_pending"] is None else {"pending": m["documents_pending"]})
             for m in mailboxes]
    return {"findings": findings, "summary": summary, "mailboxes": boxes}


def _read_newest(directory):
    paths = store.snapshot_paths(directory)
    if not paths:
        raise SeedError("aucun instantané d'audit dans %s : lancez d'abord playbooks/audit.yml" % directory)
    newest, note = store.read_snapshot(paths[-1])
    if note:
        raise SeedError(note)
    return paths, newest


def seed(state_dir, audits=6, days_between=30, seed_value=SEED):
    """Write audits - 1 snapshots older than the newest of `state_dir`/history, and rewrite the
    newest with their trend and first_seen; the paths written, oldest first."""
    if audits < 2 or days_between < 1:
        raise SeedError("il faut au moins 2 audits (--audits) espacés d'au moins 1 jour (--days-between)")
    directory = store.history_dir(state_dir)
    paths, newest = _read_newest(directory)
    store.prune(paths[:-1])  # a previous seeding, or earlier lab audits: this past replaces them
    story = Story(newest, days_between, seed_value)
    start = parse_utc(newest["generated_at"])
    previous, written = None, []
    for step in range(audits - 1, -1, -1):
        generated_at = (start - timedelta(days=days_between * step)).isoformat()
        if step:
            findings, mailboxes, requests = story.state(step)
            result = _result(findings, mailboxes, newest["point"])
        else:  # the present: the very audit that was kept, its first_seen and trend now reaching back
            findings, requests = [_bare(f) for f in newest["findings"]], newest["requests"]
            result = _result(findings, newest["mailboxes"], newest["point"])
        first_seen = first_seen_map(findings, previous, generated_at)
        earlier = earlier_points([previous] if previous else [], generated_at, audits)
        snapshot = build_snapshot(result, newest["platform"], generated_at, requests, first_seen, earlier)
        if not step:  # the newest keeps its own point and facts to the byte: the next audit is the same one
            snapshot.update(point=newest["point"], mailboxes=newest["mailboxes"])
        written.append(store.write_snapshot(directory, snapshot))
        previous = snapshot
    return written
