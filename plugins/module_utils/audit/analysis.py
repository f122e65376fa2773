# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The audit: directory accounts + Annuaire records + mailbox statistics -> findings (pure, no I/O).

    result = audit(accounts, bals, situations, mailboxes, establishment, thresholds, now)
    result["findings"]   list of Finding, most serious first (stable order)
    result["summary"]    counts per code / severity / action, totals, thresholds, notes
    result["mailboxes"]  one inventory dict per BAL of our domains, sorted by address

The rules live in rules.py, the join in join.py, the input normalisation in
inputs.py.
"""

from __future__ import annotations

import datetime as dt

from ansible_collections.mssante.hygiene.plugins.module_utils.audit.codes import finding_sort_key
from ansible_collections.mssante.hygiene.plugins.module_utils.audit.inputs import (
    AuditInputError, Identity, Thresholds, address_key, normalise_connections, normalise_sources, parse_time,
    situations_from_practitioners)
from ansible_collections.mssante.hygiene.plugins.module_utils.audit.join import Context, build_rows
from ansible_collections.mssante.hygiene.plugins.module_utils.audit.rules import evaluate
from ansible_collections.mssante.hygiene.plugins.module_utils.audit.summary import mailbox_row, summarise
from ansible_collections.mssante.hygiene.plugins.module_utils.fr_text import quoted

__all__ = ("AuditInputError", "Thresholds", "audit", "situations_from_practitioners")


def _preferred_known(thresholds, bals):
    """`auto`: judge preference only if the Annuaire source carries a rank at all.

    The daily extraction file has no rank: with it, every professional would look like
    having no preferred BAL.
    """
    if thresholds.preferred_check == "auto":
        return any(bal.preferred for bal in bals)
    return thresholds.preferred_check == "always"


def _absent(absent):
    """{address key: evidence} from a mapping or a list of addresses (generic evidence)."""
    if isinstance(absent, dict):
        items = absent.items()
    else:
        items = ((address, "") for address in absent or [])
    return {address_key(address): str(why or "la plateforme ne connaît pas cette BAL")
            for address, why in items if address_key(address)}


def _group_situations(situations):
    groups = {}
    for situation in situations:
        if situation.rpps:
            groups.setdefault(situation.rpps, []).append(situation)
    return groups


def audit(accounts, bals, situations, mailboxes, establishment, thresholds=None, now=None,
          domains=None, unreachable=None, absent=None, connections=None):
    """Join the sources and apply every rule; see the module docstring for the result shape.

    `establishment`: dict name, finess_ej, finess_eg (list), siret, domains (or `domains`).
    `thresholds`: Thresholds or dict (inactivity_days, deletion_after_days, trash_max_age_days,
    quota_warning_ratio, preferred_check). `now`: aware datetime or ISO string (default: now, UTC).
    `unreachable`: mailboxes the platform could not read (never reported as orphan_published).
    `absent`: {address: French evidence} of mailboxes the platform says do not exist (the
    evidence of their orphan_published finding); a list of addresses is accepted too.
    `connections`: the operator's connection file as connection_file_info returns it (address,
    last_activity), merged with the platform's dates (activity.py).
    Raises AuditInputError naming the offending parameter or record.
    """
    if not isinstance(thresholds, Thresholds):
        thresholds = Thresholds.from_dict(thresholds)
    if now is not None and parse_time(now) is None:
        raise AuditInputError("now : %s n'est pas une date ISO 8601" % quoted(now))
    now = parse_time(now) or dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    identity = Identity.from_dict(establishment, domains)
    accounts, bals, situations, mailboxes = normalise_sources(accounts, bals, situations, mailboxes)
    ctx = Context(now=now, thresholds=thresholds, identity=identity,
                  platform_known=bool(mailboxes), connections=normalise_connections(connections, identity),
                  unreachable={address_key(m) for m in unreachable or []},
                  absent=_absent(absent),
                  preferred_known=_preferred_known(thresholds, bals),
                  situations_by_rpps=_group_situations(situations))
    rows, out_of_scope = build_rows(accounts, bals, mailboxes, ctx)
    per_row = [(row, evaluate(row, ctx)) for row in rows]
    findings = sorted((f for _row, found in per_row for f in found), key=finding_sort_key)
    return {
        "findings": findings,
        "summary": summarise(per_row, ctx, out_of_scope),
        "mailboxes": [mailbox_row(row, found, ctx) for row, found in per_row],
    }
