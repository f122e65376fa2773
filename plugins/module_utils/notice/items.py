# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""From an audit finding to a notice item: what the owner must do, by when, and what is announced.

An item is the message model's item (see compose.py) without `reminder`, which plan.py sets.
Items carry dates and counts only: never a message subject (a patient's name).
"""

from __future__ import annotations

import datetime as dt

from ansible_collections.mssante.hygiene.plugins.module_utils.errors import OptionError
from ansible_collections.mssante.hygiene.plugins.module_utils.notice.ledger import announced_at, wait_ends

TODO = {"inactive_soon": "reconnect", "inactive": "reconnect", "unpublished_inactive": "reconnect",
        "departed_owner": "none", "orphan_published": "none", "no_preferred": "choose_preferred",
        "documents_not_integrated": "transfer", "trash_overdue": "empty_trash", "quota_near_full": "free_space"}
# told only when the audit asks for a deletion (a "review" is the DSI's business, not the owner's)
ONLY_FOR_DELETION = frozenset({"unpublished_inactive", "departed_owner", "orphan_published"})
ANNOUNCING = ("liste_rouge", "suppression")
_ACTIVITY = ("last_activity", "inactive_days")
FACTS = {"inactive_soon": _ACTIVITY, "inactive": _ACTIVITY, "unpublished_inactive": _ACTIVITY,
         "documents_not_integrated": ("documents_pending",), "trash_overdue": ("trash_messages",),
         "quota_near_full": ("quota_percent",)}


def _day(value):
    """The ISO date of an ISO date or date-time, None when there is none."""
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def facts_of(code, evidence):
    """The counts and dates the message may show for this finding (never a subject)."""
    platform = evidence.get("platform") or {}
    ratio = evidence.get("quota_ratio")
    known = {"last_activity": str(_day(platform.get("last_activity")) or ""),
             "inactive_days": platform.get("inactive_days"),
             "documents_pending": (evidence.get("patient_documents") or {}).get("pending"),
             "trash_messages": evidence.get("trash_messages"),
             "quota_percent": int(ratio * 100) if isinstance(ratio, (int, float)) else None}
    return {key: known[key] for key in FACTS.get(code, ()) if known[key] not in (None, "")}


def _reconnect_by(evidence, inactivity_days):
    """inactive_soon: the day the BAL reaches the national threshold (the audit's threshold_date,
    else last activity + inactivity_days); "" when unknown."""
    day = _day(evidence.get("threshold_date"))
    if day is None:
        last = _day((evidence.get("platform") or {}).get("last_activity"))
        day = last + dt.timedelta(days=inactivity_days) if last else None
    return day.isoformat() if day else ""


def announce_date(ledger, address, kind, today, delay_days):
    """From when the operator may be asked: delay_days after the owner was first told (today when
    never told), and never before today."""
    told = announced_at(ledger, address, kind)
    start = wait_ends(told, delay_days) if told is not None else today + dt.timedelta(days=delay_days)
    return max(start, today)


def item_of(finding, index, owners, ledger, today, settings):
    """The notice item of findings[index], or None when it is nothing for the owner.

    settings: codes, delay_days, inactivity_days (module options).
    """
    if not isinstance(finding, dict) or not isinstance(finding.get("address"), str) or not finding.get("code"):
        raise OptionError("findings[%d] : un constat de bal_audit est attendu (address, code, action)" % index,
                          parameter="findings")
    code, action = finding["code"], finding.get("action") or ""
    if code not in settings["codes"] or (code in ONLY_FOR_DELETION and action != "suppression"):
        return None
    address = finding["address"].strip().lower()
    evidence = finding.get("evidence") or {}
    announces = action if action in ANNOUNCING else ""
    due, announced = "", ""
    if announces:
        when = announce_date(ledger, address, announces, today, settings["delay_days"])
        announced = when.isoformat()
        due = announced if when > today else ""  # "" = as soon as possible
    elif code == "inactive_soon":
        due = _reconnect_by(evidence, settings["inactivity_days"])
    return {"address": address, "bal_type": owners.bal_type(address, evidence),
            "service": owners.service(address, evidence), "code": code, "todo": TODO[code], "due": due,
            "announces": announces, "announce_date": announced, "reminder": False,
            "facts": facts_of(code, evidence)}


def items_from(findings, owners, ledger, today, settings):
    """Every owner item of the findings, sorted by address then code (one per pair)."""
    found = {}
    for index, finding in enumerate(findings or ()):
        item = item_of(finding, index, owners, ledger, today, settings)
        if item is not None:
            found[(item["address"], item["code"])] = item
    return [found[key] for key in sorted(found)]
