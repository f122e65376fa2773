# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A BAL's last activity from every evidence the sources give, and where it came from.

Evidence: the platform's last login (`last_login`, seen by the server), the operator's
connection file (`connection_file`, a login the operator saw) and the newest message of the
Sent folder (`sent_folder`, an estimate: its date is set by the mail client, and a professional
who reads without writing never adds one).

Rule: any evidence of activity counts, so the newest date wins; on the same day the more
reliable source is named (a login before the Sent-folder estimate). A Sent-folder date in the
future is no evidence (a client's clock or a forged date); a login date in the future is a
server clock drift and counts as recent.
"""

from __future__ import annotations

from ansible_collections.mssante.hygiene.plugins.module_utils.audit.inputs import parse_time

# most reliable first; any other source name (older inputs: "unknown" with a date) comes last
RELIABILITY = ("last_login", "connection_file", "sent_folder")


def _rank(source):
    return RELIABILITY.index(source) if source in RELIABILITY else len(RELIABILITY)


def best_activity(evidence, now):
    """(ISO date, source) of the evidence to trust among [(date, source)]; ("", "unknown") when none."""
    best = None
    for when, source in evidence:
        moment = parse_time(when)
        if moment is None or (source == "sent_folder" and moment > now):
            continue
        key = (moment.date(), -_rank(source))
        if best is None or key > best[0]:
            best = (key, when, source)
    return ("", "unknown") if best is None else (best[1], best[2])


def row_evidence(stats, connection):
    """The evidence of one BAL: the platform's date (if any) and the connection file's (if listed)."""
    evidence = []
    if stats is not None and stats.last_activity:
        evidence.append((stats.last_activity, stats.last_activity_source))
    if connection:
        evidence.append((connection, "connection_file"))
    return evidence
