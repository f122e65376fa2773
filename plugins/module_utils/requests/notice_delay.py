# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Waiting for the owner's notice before asking the operator (option notice_delay_days).

A liste rouge or a deletion is asked for only once the owner was told of it (or found
unreachable: opt-out, nobody to write to) at least `notice_delay_days` days before, according to
the notice ledger (notices.json) that owner_notice keeps in the same state directory. Until then
the BAL is *held*: not requested, listed with the reason and the day the wait ends. Days count
in UTC calendar days, like the ledger's stamps. A delay of 0 reads nothing, so establishments
that do not notify their owners keep asking at once.
"""

from __future__ import annotations

import datetime as dt

from ansible_collections.mssante.hygiene.plugins.module_utils.errors import OptionError
from ansible_collections.mssante.hygiene.plugins.module_utils.fr_numbers import fr_date
from ansible_collections.mssante.hygiene.plugins.module_utils.fr_plural import fr_count
from ansible_collections.mssante.hygiene.plugins.module_utils.notice import ledger as notices

NOT_TOLD = "préavis non envoyé"


def held_entry(address, kind, told, delay_days, today):
    """The held entry of `address`, or None when the notice is old enough (`told`: datetime or None)."""
    if told is None:
        return {"address": address, "kind": kind, "reason": NOT_TOLD, "until": ""}
    until = notices.wait_ends(told, delay_days)
    if today >= until:
        return None
    return {"address": address, "kind": kind, "until": until.isoformat(),
            "reason": "préavis envoyé le %s, délai jusqu'au %s" % (fr_date(told.date()), fr_date(until))}


def notice_hold(state_dir, kind, delay_days, now):
    """A function address -> held entry or None, or None itself when there is no delay (nothing read).

    Raises OptionError for a negative delay and NoticeLedgerError (French, naming the file) for
    an unreadable or corrupt ledger, before the caller writes anything. Reads only.
    """
    if delay_days is None or delay_days == 0:
        return None
    if delay_days < 0:
        raise OptionError("notice_delay_days : %d jours n'est pas un délai ; donnez 0 (pas d'attente) ou un nombre "
                          "de jours positif (mssante_notice_delay_days)" % delay_days, parameter="notice_delay_days")
    ledger = notices.load(state_dir)
    today = now.astimezone(dt.timezone.utc).date()

    def hold(address):
        return held_entry(address, kind, notices.announced_at(ledger, address, kind), delay_days, today)
    return hold


def held_summary(held):
    """'2 BAL en attente du préavis aux titulaires (jusqu'au 31/12/2026)'; "" when none is held."""
    if not held:
        return ""
    dates = sorted(h["until"] for h in held if h["until"])
    untold = len(held) - len(dates)
    details = (["jusqu'au %s" % fr_date(dates[-1])] if dates else []) + \
        ([fr_count(untold, NOT_TOLD, "préavis non envoyés")] if untold else [])
    return "%s en attente du préavis aux titulaires (%s)" % (fr_count(len(held), "BAL"), " ; ".join(details))
