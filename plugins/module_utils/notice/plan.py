# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Which messages this run sends: the items due, grouped into one message per recipient set.

An item is due when its owner was never told, or was last told `interval_days` ago or more (then
it is a reminder), or when the last run could tell nobody (a contact may have been added since).
"""

from __future__ import annotations

from ansible_collections.mssante.hygiene.plugins.module_utils.notice.ledger import (
    forget_resolved, is_due, item_key)
from ansible_collections.mssante.hygiene.plugins.module_utils.notice.recipients import audience_of


def _message(recipients, told):
    """One message: audience owner only when every item goes to its own owner under one name."""
    names = {name for audience, name, _item in told if audience == "owner"}
    owner = len(names) == 1 and all(audience == "owner" for audience, _name, _item in told)
    items = sorted((item for _a, _n, item in told), key=lambda i: (i["address"], i["code"]))
    return {"recipients": list(recipients), "audience": "owner" if owner else "contact",
            "owner_name": names.pop() if owner else "", "items": items}


def plan(items, owners, contacts, optout, ledger, now, interval_days):
    """{messages, unreachable: [item + reason (optout | no_recipient)], already_told: count}.

    Reads the ledger, never changes it.
    """
    groups, unreachable, already_told = {}, [], 0
    for item in items:
        who = audience_of(item, owners, contacts, optout)
        if who.unreachable:
            unreachable.append(dict(item, reason=who.unreachable))
            continue
        if not is_due(ledger, item["address"], item["code"], now, interval_days):
            already_told += 1
            continue
        entry = ledger["items"].get(item_key(item["address"], item["code"]))
        told = dict(item, reminder=bool(entry and entry["last_told"]))
        groups.setdefault(tuple(who.recipients), []).append((who.audience, who.owner_name, told))
    messages = [_message(recipients, told) for recipients, told in sorted(groups.items())]
    return {"messages": messages, "unreachable": unreachable, "already_told": already_told}


def forget(ledger, items, codes):
    """Drop the ledger entries whose finding is gone (the owner acted): if it comes back, the owner is
    told again and the delay starts again. Entries of codes this run does not handle are kept."""
    keep = {item_key(i["address"], i["code"]) for i in items}
    keep.update(key for key, entry in ledger["items"].items() if entry["code"] not in codes)
    return forget_resolved(ledger, keep)
